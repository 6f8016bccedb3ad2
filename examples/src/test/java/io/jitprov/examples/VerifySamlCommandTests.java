package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.saml.TestKeys;
import io.jitprov.saml.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifySamlCommandTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path metadata;

    @BeforeEach
    void writeMetadata() throws IOException {
        metadata = write("idp.xml", TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP));
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("verify-saml"));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] common(String... more) {
        List<String> args = new ArrayList<>(List.of("--idp-metadata", metadata.toString(),
                "--sp-entity-id", TestResponse.SP, "--acs-url", TestResponse.ACS, "--now", TestResponse.NOW.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        return lines;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void verifySamlWhenResponseAnswersTheRequestThenAcceptedWithIdentity() throws IOException {
        Path response = write("ok.b64", TestResponse.valid().base64());

        int exit = run(common("--in-response-to", TestResponse.REQUEST_ID, response.toString()));

        assertThat(exit).isZero();
        JsonNode line = lines().get(0);
        assertThat(line.get("file").asText()).isEqualTo(response.toString());
        assertThat(line.get("verdict").asText()).isEqualTo("accepted");
        assertThat(line.get("identity").get("issuer").asText()).isEqualTo(TestResponse.IDP);
        assertThat(line.get("identity").get("subject").asText()).isEqualTo("alice-0001");
        assertThat(line.get("identity").get("attributes").get("memberOf").get(1).asText()).isEqualTo("acme-eng-backend");
    }

    @Test
    void verifySamlWhenNoRequestGivenThenUnsolicitedAcceptedAndSolicitedRejected() throws IOException {
        Path unsolicited = write("idp-initiated.b64", TestResponse.valid().unsolicited().base64());
        Path solicited = write("solicited.b64", TestResponse.valid().base64());

        int exit = run(common(unsolicited.toString(), solicited.toString()));

        assertThat(exit).isEqualTo(1);
        List<JsonNode> lines = lines();
        assertThat(lines.get(0).get("verdict").asText()).isEqualTo("accepted");
        assertThat(lines.get(1).get("verdict").asText()).isEqualTo("rejected");
        assertThat(lines.get(1).get("code").asText()).isEqualTo("in_response_to_mismatch");
        assertThat(lines.get(1).has("identity")).isFalse();
    }

    @Test
    void verifySamlWhenSameResponseTwiceThenSecondIsReplayed() throws IOException {
        Path response = write("once.b64", TestResponse.valid().unsolicited().base64());

        assertThat(run(common(response.toString(), response.toString()))).isEqualTo(1);

        assertThat(lines()).extracting(l -> l.get("verdict").asText()).containsExactly("accepted", "rejected");
        assertThat(lines().get(1).get("code").asText()).isEqualTo("replayed");
    }

    @Test
    void verifySamlWhenClockIsLateThenExpiredUnlessSkewAllowsIt() throws IOException {
        Path response = write("late.b64", TestResponse.valid().unsolicited().base64());
        String late = TestResponse.NOW.plusSeconds(400).toString();
        List<String> args = new ArrayList<>(List.of(common()));
        args.set(args.indexOf("--now") + 1, late);
        args.add(response.toString());

        assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(lines().get(0).get("code").asText()).isEqualTo("assertion_expired");
        assertThat(lines().get(0).get("message").asText()).contains("2026-03-01T12:06:40Z");

        args.add(0, "120");
        args.add(0, "--clock-skew");
        assertThat(run(args.toArray(String[]::new))).isZero();
    }

    @Test
    void verifySamlWhenAssertionEncryptedThenSpKeyDecryptsIt() throws IOException {
        Path response = write("encrypted.b64", TestResponse.valid().unsolicited().encrypted().base64());
        Path key = write("sp.pem", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(TestKeys.SP.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        assertThat(run(common("--sp-key", key.toString(), response.toString()))).isZero();
        assertThat(run(common(response.toString()))).isEqualTo(1);
        assertThat(lines().get(1).get("code").asText()).isEqualTo("decryption_failed");
    }

    @Test
    void verifySamlWhenFileIsGarbageThenRejectedNotCrashed() throws IOException {
        Path garbage = write("garbage.b64", "this is not a SAML response");

        assertThat(run(common(garbage.toString()))).isEqualTo(1);
        assertThat(lines().get(0).get("code").asText()).isEqualTo("malformed_message");
    }

    @Test
    void verifySamlWhenOptionMissingOrMetadataBrokenThenUsageErrorTwo() throws IOException {
        assertThat(run("--sp-entity-id", "x", "file")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing --idp-metadata").contains("usage:");

        Path broken = write("broken.xml", "<nope/>");
        assertThat(run("--idp-metadata", broken.toString(), "--sp-entity-id", "x", "--acs-url", "y", "f")).isEqualTo(2);
        assertThat(run(common("--now", "yesterday", "f"))).isEqualTo(2);
        assertThat(run(common())).isEqualTo(2);
    }
}
