package io.jitprov.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the JDBC tests run on. H2 is always there. PostgreSQL comes from
 * {@code JIT_TEST_POSTGRES_URL} (which {@code .ci/run} sets after starting a server): without it
 * the PostgreSQL tests are skipped on a developer's machine, and fail when {@code CI=true}.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A fresh in-memory H2 database with jit's schema. */
    public static HikariDataSource h2InMemory() {
        return withSchema(pool("jdbc:h2:mem:jit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 8));
    }

    /** A fresh file-based H2 database under {@code directory}, with jit's schema. */
    public static HikariDataSource h2File(Path directory) {
        return withSchema(pool("jdbc:h2:file:" + directory.resolve("jit").toAbsolutePath(), 8));
    }

    /** A pool on the test PostgreSQL database, with jit's schema. */
    public static HikariDataSource postgres(int poolSize) {
        return withSchema(pool(postgresUrl(), poolSize));
    }

    public static String postgresUrl() {
        String url = System.getenv("JIT_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but JIT_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL");
            }
            Assumptions.abort("No PostgreSQL (set JIT_TEST_POSTGRES_URL to run these tests)");
        }
        return url;
    }

    public static HikariDataSource pool(String url, int size) {
        return pool(url, size, 5_000);
    }

    /** A pool that gives up on a connection after {@code timeoutMillis} (at least 250). */
    public static HikariDataSource pool(String url, int size, long timeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(timeoutMillis);
        config.setValidationTimeout(2_000);
        return new HikariDataSource(config);
    }

    private static HikariDataSource withSchema(HikariDataSource dataSource) {
        JdbcSchema.install(dataSource);
        return dataSource;
    }

}
