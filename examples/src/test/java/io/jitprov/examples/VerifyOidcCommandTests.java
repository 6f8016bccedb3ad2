package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import io.jitprov.oidc.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyOidcCommandTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path jwks;

    @BeforeEach
    void writeJwks() throws IOException {
        jwks = write("jwks.json", TestTokens.jwks(TestTokens.RSA, TestTokens.EC));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private int run(String... files) {
        List<String> args = new ArrayList<>(List.of("verify-oidc", "--issuer", TestTokens.ISSUER, "--client-id",
                TestTokens.CLIENT_ID, "--jwks", jwks.toString(), "--now", TestTokens.NOW.toString(), "--nonce", TestTokens.NONCE));
        args.addAll(List.of(files));
        return Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
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

    @Test
    void verifyOidcWhenTokensValidThenAcceptedWithIdentity() throws IOException {
        Path token = write("alice.jwt", TestTokens.idToken() + "\n");

        assertThat(run(token.toString())).isZero();

        JsonNode line = lines().get(0);
        assertThat(line.get("verdict").asText()).isEqualTo("accepted");
        assertThat(line.get("identity").get("subject").asText()).isEqualTo("248289761001");
        assertThat(line.get("identity").get("attributes").get("email").get(0).asText()).isEqualTo("alice@acme.test");
    }

    @Test
    void verifyOidcWhenReplayedForgedOrExpiredThenEachRejectedWithItsCode() throws IOException {
        Path good = write("good.jwt", TestTokens.idToken());
        Path forged = write("forged.jwt", TestTokens.sign(TestTokens.ATTACKER, JWSAlgorithm.RS256, h -> h,
                TestTokens.aliceClaims(TestTokens.NOW).build()));
        Path expired = write("expired.jwt", TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                TestTokens.aliceClaims(TestTokens.NOW.minusSeconds(3600)).build()));
        Path hs256 = write("none.jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.");

        assertThat(run(good.toString(), good.toString(), forged.toString(), expired.toString(), hs256.toString()))
                .isEqualTo(1);

        assertThat(lines()).extracting(l -> l.get("code").asText(null))
                .containsExactly(null, "replayed", "invalid_signature", "token_expired", "algorithm_not_allowed");
    }

    @Test
    void verifyOidcWhenJwksUnreadableThenUsageErrorTwo() throws IOException {
        jwks = write("broken.json", "{not json");

        assertThat(run(write("t.jwt", TestTokens.idToken()).toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--jwks is not a JWK set");
    }
}
