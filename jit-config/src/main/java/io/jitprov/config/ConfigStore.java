package io.jitprov.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.memory.InMemoryRegistryStore;
import io.jitprov.core.registry.RegistryStore;
import io.jitprov.core.tenant.DomainStore;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.jdbc.JdbcAuditSink;
import io.jitprov.jdbc.JdbcDomainStore;
import io.jitprov.jdbc.JdbcRegistryStore;
import io.jitprov.jdbc.JdbcSchema;
import io.jitprov.jdbc.JdbcStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@code store} section: in memory (no section), an embedded H2 file ({@code h2File}), or any
 * JDBC URL ({@code jdbcUrl}, {@code username}, {@code password}) for PostgreSQL shared by nodes.
 *
 * @param stores every store, the audit sink (the log, and the database's table when there is one) and the clock
 * @param dataSource the database, when the store is one
 * @param tablePrefix the prefix of the database's tables
 * @param ownPool the pool jit made from the section, which jit closes; none for the application's own
 */
record ConfigStore(JitStores stores, @Nullable DataSource dataSource, String tablePrefix,
        @Nullable HikariDataSource ownPool) {

    /** Everything in this JVM's memory: what a file without {@code store} gets. */
    static ConfigStore inMemory() {
        return new ConfigStore(JitStores.inMemory(), null, "jit_", null);
    }

    /** Closes the pool jit made, if it made one; the application's own stays open. */
    void closeOwnPool() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    /**
     * The application's own database (Spring Boot's {@code DataSource}): the section may only name
     * the {@code tablePrefix} and whether to {@code createSchema} (by default, on H2 only).
     */
    static ConfigStore applications(DataSource dataSource, ConfigNode store) {
        int problemsBefore = store.problemCount();
        store.allowOnly("tablePrefix", "createSchema");
        String prefix = store.get("tablePrefix").text().orElse("jit_");
        boolean createSchema = store.get("createSchema").bool(isH2(dataSource));
        if (store.problemCount() > problemsBefore) {
            return ConfigStore.inMemory();
        }
        try {
            if (createSchema) {
                JdbcSchema.install(dataSource, prefix);
            }
        } catch (RuntimeException e) {
            store.problem(null, "cannot be used: " + rootMessage(e));
            return ConfigStore.inMemory();
        }
        return new ConfigStore(stores(dataSource, prefix), dataSource, prefix, null);
    }

    private static boolean isH2(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            return false;
        }
    }

    private static JitStores stores(DataSource dataSource, String prefix) {
        JdbcAuditSink table = JdbcAuditSink.of(dataSource, prefix);
        AuditSink both = event -> {
            AuditSink.slf4j().record(event);
            table.record(event);
        };
        return JdbcStores.of(dataSource, prefix, Clock.systemUTC()).toBuilder().auditSink(both).build();
    }

    /** Where the registry keeps tenants and connections: the database when there is one. */
    RegistryStore registryStore() {
        return dataSource == null ? new InMemoryRegistryStore() : JdbcRegistryStore.of(dataSource, tablePrefix);
    }

    /** The audit trail read back, for connections' health: the database's table when there is one. */
    AuditTrail auditTrail() {
        return dataSource == null ? AuditTrail.NONE : JdbcAuditSink.of(dataSource, tablePrefix);
    }

    /** Where domain claims are kept: the database when there is one. */
    DomainStore domainStore() {
        return dataSource == null ? DomainStore.inMemory() : JdbcDomainStore.of(dataSource, tablePrefix);
    }

    static ConfigStore read(ConfigNode store, Function<String, @Nullable String> environment) {
        if (!store.present()) {
            return ConfigStore.inMemory();
        }
        int problemsBefore = store.problemCount(); // the count is the whole file's
        store.allowOnly("h2File", "jdbcUrl", "username", "password", "createSchema", "tablePrefix", "maxPoolSize");
        Optional<Path> h2File = store.get("h2File").file();
        Optional<String> jdbcUrl = store.get("jdbcUrl").text();
        if (h2File.isPresent() == jdbcUrl.isPresent()) {
            store.problem(null, "needs exactly one of h2File and jdbcUrl");
            return ConfigStore.inMemory();
        }
        String url = h2File.map(file -> "jdbc:h2:file:" + file.toAbsolutePath()).orElseGet(jdbcUrl::get);
        boolean createSchema = store.get("createSchema").bool(h2File.isPresent());
        String prefix = store.get("tablePrefix").text().orElse("jit_");
        Optional<String> username = store.get("username").text();
        Optional<String> password = store.get("password").secret(environment);
        int poolSize = store.get("maxPoolSize").integer().orElse(16);
        if (store.problemCount() > problemsBefore) {
            return ConfigStore.inMemory();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        username.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("jit");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
            if (createSchema) {
                JdbcSchema.install(dataSource, prefix);
            }
        } catch (RuntimeException e) {
            store.problem(h2File.isPresent() ? "h2File" : "jdbcUrl", "cannot be used: " + rootMessage(e));
            return ConfigStore.inMemory();
        }
        return new ConfigStore(stores(dataSource, prefix), dataSource, prefix, dataSource);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return e instanceof JitStoreException ? String.valueOf(e.getMessage()) : String.valueOf(cause.getMessage());
    }
}
