package io.jitprov.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractUserDirectoryContractTests;
import io.jitprov.core.UserDirectory;
import io.jitprov.jdbc.TestDatabases;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The "bring your own users table" store keeps every promise jit's own store keeps, on H2. */
class H2AppUsersStoreContractTests extends AbstractUserDirectoryContractTests {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() throws Exception {
        dataSource = TestDatabases.pool("jdbc:h2:mem:app-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 20);
        AppUsersSchema.install(dataSource);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @Override
    protected UserDirectory createStore() {
        return new AppUsersStore(dataSource, Clock.systemUTC());
    }
}
