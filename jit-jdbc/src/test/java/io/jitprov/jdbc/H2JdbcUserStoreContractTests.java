package io.jitprov.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractUserStoreContractTests;
import io.jitprov.core.UserStore;
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
