package io.jitprov.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractUserDirectoryContractTests;
import io.jitprov.core.UserDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class H2JdbcUserStoreContractTests extends AbstractUserDirectoryContractTests {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = TestDatabases.h2InMemory();
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    @Override
    protected UserDirectory createStore() {
        return JdbcUserStore.builder(dataSource).build();
    }
}
