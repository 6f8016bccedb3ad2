package io.jitprov.core;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgreSqlGrantStoreContractTests extends AbstractGrantStoreContractTests {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = TestDatabases.postgres(10);
    }

    @AfterAll
    static void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Override
    protected GrantStore createStore() {
        return JdbcGrantStore.of(dataSource);
    }
}
