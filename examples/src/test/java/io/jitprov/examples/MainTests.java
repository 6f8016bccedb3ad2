package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.config.JitRegistry;
import io.jitprov.jdbc.JdbcRegistryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void demoWhenRunThenShowsEveryDecision() {
        assertThat(run("demo")).isZero();

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("CREATED account").contains("roles [developer, member]")
                .contains("UNCHANGED account")
                .contains("UPDATED account").contains("removed [developer]")
                .contains("REFUSED issuer_not_trusted_by_tenant")
                .contains("REFUSED domain_not_verified")
                .contains("REFUSED email_not_verified");
    }

    @Test
    void runWhenCommandUnknownThenUsageAndExitTwo() {
        assertThat(run("frobnicate")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown command: frobnicate").contains("usage:");
    }

    @Test
    void registryExportWhenTheRegistryHoldsATenantThenPrintsItAsAConfigurationFile(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:mem:export-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Path file = Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: https://app.example
                store: {jdbcUrl: "%s", createSchema: true}
                registry: {pollInterval: PT1H}
                """.formatted(url));
        try (JitRegistry registry = JitRegistry.builder().store(JdbcRegistryStore.of(dataSource(url))).pollInterval(null)
                .build()) {
            registry.createTenant("acme", "{\"seatLimit\": 5}");
        }

        assertThat(run("registry-export", "--config", file.toString())).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("tenants:").contains("id: acme").contains("seatLimit: 5");
        assertThat(run("registry-export")).isEqualTo(2);
    }

    private static javax.sql.DataSource dataSource(String url) {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL(url);
        io.jitprov.jdbc.JdbcSchema.install(h2);
        return h2;
    }
}
