package io.jitprov.config;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Two nodes on one PostgreSQL database: the one {@code .ci/run} starts ({@code JIT_TEST_POSTGRES_URL}). */
@EnabledIfEnvironmentVariable(named = "JIT_TEST_POSTGRES_URL", matches = ".+")
class PostgreSqlRegistryLoginTests extends AbstractRegistryLoginTests {

    @Override
    protected String jdbcUrl() {
        return System.getenv("JIT_TEST_POSTGRES_URL");
    }
}
