package io.jitprov.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Builds the application's tables as they were before jit, then applies the jit migration. */
final class AppUsersSchema {

    private AppUsersSchema() {
    }

    static void install(DataSource dataSource) throws SQLException {
        installBeforeJit(dataSource);
        migrate(dataSource);
    }

    /** The application's tables as they were, dropping whatever an earlier run left. */
    static void installBeforeJit(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"user_roles", "user_logins", "users", "organisations"}) {
                s.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
        }
        run(dataSource, "app-users-before-jit.sql");
    }

    static void migrate(DataSource dataSource) throws SQLException {
        run(dataSource, "app-users-jit-migration.sql");
    }

    private static void run(DataSource dataSource, String script) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : script(script).split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    private static String script(String name) {
        try (InputStream in = Objects.requireNonNull(AppUsersStore.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.strip().startsWith("--"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
