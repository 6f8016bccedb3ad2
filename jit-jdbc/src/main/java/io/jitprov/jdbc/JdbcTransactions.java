package io.jitprov.jdbc;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;

/** Reads on a pooled connection, and writes as one transaction that lands whole or not at all. */
final class JdbcTransactions {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private JdbcTransactions() {
    }

    static <T> T read(DataSource dataSource, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Runs {@code work} in one transaction; SQL failures inside it are mapped by {@code translate}. */
    static <T> T write(DataSource dataSource, Work<T> work, Function<SQLException, RuntimeException> translate) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e instanceof SQLException sql ? translate.apply(sql) : (RuntimeException) e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    static JitStoreException unavailable(SQLException e) {
        return new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE, "The database failed: " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it discards the transaction anyway
        }
    }
}
