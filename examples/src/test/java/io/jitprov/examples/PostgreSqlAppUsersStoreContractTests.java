package io.jitprov.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractUserDirectoryContractTests;
import io.jitprov.core.UserDirectory;
import io.jitprov.jdbc.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same contract on PostgreSQL, which .ci/run starts; skipped locally without JIT_TEST_POSTGRES_URL. */
class PostgreSqlAppUsersStoreContractTests extends AbstractUserDirectoryContractTests {

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
    protected UserDirectory createStore() {
        return new AppUsersStore(dataSource, Clock.systemUTC());
    }
}
