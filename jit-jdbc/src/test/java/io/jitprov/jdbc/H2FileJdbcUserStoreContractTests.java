package io.jitprov.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AbstractUserDirectoryContractTests;
import io.jitprov.core.UserDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class H2FileJdbcUserStoreContractTests extends AbstractUserDirectoryContractTests {

    @TempDir
    static Path directory;

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = TestDatabases.h2File(directory);
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
