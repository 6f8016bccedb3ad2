package io.jitprov.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractUserStoreContractTests;
import io.jitprov.core.UserStore;
import io.jitprov.jdbc.TestDatabases;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The "bring your own users table" store keeps every promise jit's own store keeps, on H2. */
class H2AppUsersStoreContractTests extends AbstractUserStoreContractTests {

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
    protected UserStore createStore() {
        return new AppUsersStore(dataSource, Clock.systemUTC());
    }
}
