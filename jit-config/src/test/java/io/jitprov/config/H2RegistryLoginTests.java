package io.jitprov.config;

import java.util.UUID;

/** Two nodes on one H2 database (two pools on one in-memory database of this JVM). */
class H2RegistryLoginTests extends AbstractRegistryLoginTests {

    private final String url = "jdbc:h2:mem:registry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    protected String jdbcUrl() {
        return url;
    }
}
