package io.jitprov.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.jitprov.core.FuzzBudget;
import io.jitprov.core.JitAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * The JWT path under fuzzing: ID tokens, access tokens and logout tokens end in a verified
 * identity (or logout event) or a typed refusal, never another exception, and (while fuzzing)
 * within a second. In every build these
 * run over the committed inputs in {@code TokenFuzzTestsInputs/}; {@code JAZZER_FUZZ=1} fuzzes
 * one of them for real (README, "Fuzzing").
 */
class TokenFuzzTests {

    private static final OidcVerifier VERIFIER = OidcFixture.verifier(
            TestTokens.provider(TestTokens.RSA, TestTokens.EC, TestTokens.ED25519).build());

    private static void refusedOrAccepted(Runnable verification) {
        FuzzBudget.within(() -> {
            try {
                verification.run();
            } catch (JitAuthenticationException refused) {
                assertThat(refused.errors()).isNotEmpty();
            }
        });
    }

    /** Any text where a compact JWT goes: segments, base64url, JSON headers, algorithms. */
    @FuzzTest(maxDuration = "2m")
    void tokenText(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        refusedOrAccepted(() -> VERIFIER.verifyIdToken(token, IdTokenExpectations.nonce(TestTokens.NONCE)));
        refusedOrAccepted(() -> VERIFIER.verifyAccessToken(token, TestTokens.CLIENT_ID));
        refusedOrAccepted(() -> VERIFIER.verifyLogoutToken(token));
    }

    /**
     * Validly signed ID tokens whose claims the fuzzer picks, typed as it likes (a string where a
     * number goes, a list where a string goes), so the claim checks after the signature are fuzzed.
     */
    @FuzzTest(maxDuration = "2m")
    void signedClaims(FuzzedDataProvider data) {
        JWTClaimsSet.Builder claims = TestTokens.aliceClaims(TestTokens.NOW);
        for (String name : List.of("iss", "sub", "aud", "azp", "nonce", "email", "email_verified", "exp", "iat",
                "nbf", "auth_time", "groups", "amr", "acr", "sid", "xms_edov", "_claim_names")) {
            if (data.consumeBoolean()) {
                claims.claim(name, value(data));
            }
        }
        claims.claim(data.consumeString(30), value(data));
        String token = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, header -> header, claims.build());
        refusedOrAccepted(() -> VERIFIER.verifyIdToken(token, IdTokenExpectations.nonce(TestTokens.NONCE)));
    }

    private static Object value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 6)) {
            case 0 -> data.consumeString(200);
            case 1 -> data.consumeLong();
            case 2 -> data.consumeBoolean();
            case 3 -> List.of(data.consumeString(50), data.consumeString(50));
            case 4 -> Date.from(TestTokens.NOW.plus(Duration.ofSeconds(data.consumeInt(-86_400, 86_400))));
            case 5 -> data.consumeRegularDouble(); // JSON has no NaN or infinities
            default -> List.of(data.consumeLong(), data.consumeBoolean());
        };
    }
}
