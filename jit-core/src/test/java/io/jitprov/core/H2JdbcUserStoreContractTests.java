package io.jitprov.core;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class H2JdbcUserStoreContractTests extends AbstractUserStoreContractTests {

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
    protected UserStore createStore() {
        return JdbcUserStore.builder(dataSource).build();
    }
}
