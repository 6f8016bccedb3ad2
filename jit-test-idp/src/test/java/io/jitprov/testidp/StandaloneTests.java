package io.jitprov.testidp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar jit-test-idp.jar}'s command line. */
class StandaloneTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Standalone.Outcome start(String... args) {
        return Standalone.start(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void startWhenHelpIsAskedThenItPrintsTheOptionsAndEndsWell() {
        assertThat(Standalone.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--people FILE").contains("never let a real application");
    }

    @Test
    void startWhenAnOptionIsUnknownOrLacksItsValueThenUsageErrorTwo() {
        assertThat(start("--colour", "blue").exitCode()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option --colour");
        assertThat(start("--port").exitCode()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a value");
        assertThat(start("--port", "http").exitCode()).isEqualTo(2);
        assertThat(start("--allow-origin", "https://app.example/path").exitCode()).isEqualTo(2);
    }

    @Test
    void startWhenAPeopleFileIsGivenThenThosePeopleAreOfferedAndOneSignsInWithoutAPage(@TempDir Path dir)
            throws Exception {
        Path people = dir.resolve("people.json");
        Files.writeString(people, """
                [{"email": "ada@umbrella.test", "name": "Ada Wong", "groups": ["umbrella-it"],
                  "attributes": {"department": "Research", "badge": ["a", "b"]}},
                 {"email": "carl@umbrella.test", "emailVerified": false, "mfa": true}]
                """);

        Standalone.Outcome outcome = start("--port", "0", "--people", people.toString(), "--sign-in-as",
                "ADA@umbrella.test", "--es256", "--client-id", "app", "--client-secret", "s3");

        try (TestIdp idp = outcome.idp()) {
            assertThat(idp).isNotNull();
            assertThat(idp.people()).extracting(TestPerson::email).containsExactly("ada@umbrella.test", "carl@umbrella.test");
            assertThat(idp.people().get(0).attributes()).containsEntry("department", java.util.List.of("Research"))
                    .containsEntry("badge", java.util.List.of("a", "b"));
            assertThat(idp.people().get(1).emailVerified()).isFalse();
            assertThat(idp.people().get(1).mfa()).isTrue();
            assertThat(idp.clientId()).isEqualTo("app");
            assertThat(idp.clientSecret()).isEqualTo("s3");
            assertThat(idp.samlResponse(idp.people().get(1), "urn:sp", "http://127.0.0.1/acs").fields()).isNotEmpty();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(idp.samlMetadataUrl()).contains(idp.oidcIssuer())
                    .contains("app / s3");
            String authorize = idp.oidcIssuer() + "/authorize?response_type=code&scope=openid&client_id=app"
                    + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb";
            assertThat(idp.answer(authorize).url()).contains("code=");
            assertThat(idp.sessions()).last().satisfies(s -> assertThat(s.person().name()).isEqualTo("Ada Wong"));
        }
    }

    @Test
    void startWhenThePeopleFileIsBrokenOrNamesNobodyThenItSaysSo(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"email\": ");
        Path nameless = Files.writeString(dir.resolve("nameless.json"), "[{\"name\": \"No Email\"}]");
        Path empty = Files.writeString(dir.resolve("empty.json"), "[]");

        assertThat(start("--people", broken.toString()).exitCode()).isEqualTo(1);
        assertThat(start("--people", nameless.toString()).exitCode()).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("entry 1 has no email");
        assertThat(start("--people", empty.toString()).exitCode()).isEqualTo(1);
        assertThat(start("--people", dir.resolve("missing.json").toString()).exitCode()).isEqualTo(1);
        assertThat(start("--port", "0", "--sign-in-as", "nobody@example.com").exitCode()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Nobody offered has the email nobody@example.com");
    }

    @Test
    void startWhenThePortIsTakenThenItSaysSoAndEndsWithOne() {
        try (TestIdp first = TestIdp.start()) {
            int port = Integer.parseInt(first.baseUrl().substring(first.baseUrl().lastIndexOf(':') + 1));
            assertThat(start("--port", String.valueOf(port)).exitCode()).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not listen on port " + port);
        }
    }
}
