package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
}
