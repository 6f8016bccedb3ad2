package io.jitprov.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractUserStoreContractTests;
import io.jitprov.core.UserStore;
import io.jitprov.jdbc.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same contract on PostgreSQL, which .ci/run starts; skipped locally without JIT_TEST_POSTGRES_URL. */
class PostgreSqlAppUsersStoreContractTests extends AbstractUserStoreContractTests {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() throws Exception {
        dataSource = TestDatabases.pool(TestDatabases.postgresUrl(), 20);
        AppUsersSchema.install(dataSource);
    }

    @AfterAll
    static void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Override
    protected UserStore createStore() {
        return new AppUsersStore(dataSource, Clock.systemUTC());
    }
}
