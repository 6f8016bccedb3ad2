package io.jitprov.jdbc;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Creates or drops jit's tables. The scripts ship next to the classes
 * ({@code io/jitprov/jdbc/schema-h2.sql}, {@code schema-postgresql.sql} and their
 * {@code schema-drop-*} counterparts) for a migration tool to take over; this class applies them
 * for those who let jit do it. Creation is idempotent ({@code IF NOT EXISTS}).
 *
 * @since 0.1
 */
public final class JdbcSchema {

    private JdbcSchema() {
    }

    /** Creates the tables, with the default prefix {@code jit_}, unless they exist. */
    public static void install(DataSource dataSource) {
        install(dataSource, JdbcTables.DEFAULT_PREFIX);
    }

    /** Creates the tables with {@code tablePrefix}, unless they exist. */
    public static void install(DataSource dataSource, String tablePrefix) {
        run(dataSource, tablePrefix, "schema-");
    }

    /** Drops every jit table with {@code tablePrefix}, and their data. */
    public static void drop(DataSource dataSource, String tablePrefix) {
        run(dataSource, tablePrefix, "schema-drop-");
    }

    private static void run(DataSource dataSource, String tablePrefix, String script) {
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        JdbcTables tables = new JdbcTables(tablePrefix);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String name = script + JdbcDialect.of(connection).scriptSuffix() + ".sql";
            for (String sql : read(name).split(";")) {
                String trimmed = stripComments(sql);
                if (!trimmed.isEmpty()) {
                    statement.execute(tables.sql(trimmed));
                }
            }
        } catch (SQLException e) {
            throw new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE, "The jit schema could not be applied: "
                    + e.getMessage(), e);
        }
    }

    private static String read(String name) {
        try (InputStream in = JdbcSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Schema script " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Schema script " + name + " cannot be read", e);
        }
    }

    private static String stripComments(String sql) {
        StringBuilder kept = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.strip().startsWith("--")) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString().strip();
    }
}
