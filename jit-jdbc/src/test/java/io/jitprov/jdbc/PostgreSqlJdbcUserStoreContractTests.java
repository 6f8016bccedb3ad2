package io.jitprov.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractUserDirectoryContractTests;
import io.jitprov.core.UserDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgreSqlJdbcUserStoreContractTests extends AbstractUserDirectoryContractTests {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = TestDatabases.postgres(20);
    }

    @AfterAll
    static void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Override
    protected UserDirectory createStore() {
        return JdbcUserStore.builder(dataSource).build();
    }
}
