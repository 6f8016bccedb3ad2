package io.jitprov.jdbc;

import io.jitprov.core.wiring.JitStores;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Every store of jit in one database, shared by all application nodes: accounts (with each
 * decision's audit row written in the same transaction), the audit trail, the replay cache,
 * grants and delegations. The schema must be in place ({@link JdbcSchema#install}, or the scripts
 * applied by a migration tool).
 *
 * <pre>{@code
 * JitStores stores = JdbcStores.of(dataSource);
 * }</pre>
 *
 * @since 0.1
 */
public final class JdbcStores {

    private JdbcStores() {
    }

    /** The stores in the {@code jit_} tables of {@code dataSource}, on the system clock. */
    public static JitStores of(DataSource dataSource) {
        return of(dataSource, JdbcTables.DEFAULT_PREFIX, Clock.systemUTC());
    }

    /** The stores in the tables named with {@code tablePrefix}, on {@code clock}. */
    public static JitStores of(DataSource dataSource, String tablePrefix, Clock clock) {
        return JitStores.builder()
                .userStore(JdbcUserStore.builder(dataSource).tablePrefix(tablePrefix).auditInSameTransaction(true).build())
                .auditSink(JdbcAuditSink.of(dataSource, tablePrefix))
                .replayCache(JdbcReplayCache.of(dataSource, tablePrefix, clock))
                .grantStore(JdbcGrantStore.of(dataSource, tablePrefix))
                .delegationStore(JdbcDelegationStore.of(dataSource, tablePrefix))
                .clock(clock)
                .shared(true)
                .build();
    }
}
