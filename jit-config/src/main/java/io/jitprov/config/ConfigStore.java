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
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code store} section: in memory (no section), an embedded H2 file ({@code h2File}), or any
 * JDBC URL ({@code jdbcUrl}, {@code username}, {@code password}) for PostgreSQL shared by nodes.
 *
 * @param stores every store, the audit sink (the log, and the database's table when there is one) and the clock
 * @param dataSource the pool, when the store is a database
 * @param tablePrefix the prefix of the database's tables
 */
record ConfigStore(JitStores stores, @Nullable HikariDataSource dataSource, String tablePrefix) {

    /** Everything in this JVM's memory: what a file without {@code store} gets. */
    static ConfigStore inMemory() {
        return new ConfigStore(JitStores.inMemory(), null, "jit_");
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
        JdbcAuditSink table = JdbcAuditSink.of(dataSource, prefix);
        AuditSink both = event -> {
            AuditSink.slf4j().record(event);
            table.record(event);
        };
        return new ConfigStore(JdbcStores.of(dataSource, prefix, Clock.systemUTC()).toBuilder().auditSink(both).build(),
                dataSource, prefix);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return e instanceof JitStoreException ? String.valueOf(e.getMessage()) : String.valueOf(cause.getMessage());
    }
}
