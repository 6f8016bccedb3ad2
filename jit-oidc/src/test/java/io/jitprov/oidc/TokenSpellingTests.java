package io.jitprov.oidc;

import static io.jitprov.oidc.OidcFixture.assertRefused;
import static io.jitprov.oidc.OidcFixture.verifier;
import static io.jitprov.oidc.TestTokens.NOW;
import static io.jitprov.oidc.TestTokens.aliceClaims;
import static io.jitprov.oidc.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import io.jitprov.core.JitErrorCodes;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One token, one use, however it is spelled: base64url's unused low bits (RFC 4648 3.5) and
 * ECDSA's mirrored signature give other texts for the same signed token, and none of them may
 * pass the replay cache as a new token.
 */
class TokenSpellingTests {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final OidcVerifier verifier = verifier(TestTokens.provider(TestTokens.RSA, TestTokens.EC).build());

    private static IdTokenExpectations nonce() {
        return IdTokenExpectations.nonce(TestTokens.NONCE);
    }

    /** The same bytes spelled differently: the last character with one of its unused bits set. */
    static String respell(String segment) {
        int unusedBits = switch (segment.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        assertThat(unusedBits).as("segment [%s] has no unused bits", segment).isPositive();
        int last = ALPHABET.indexOf(segment.charAt(segment.length() - 1));
        return segment.substring(0, segment.length() - 1) + ALPHABET.charAt(last ^ 1);
    }

    private static String respellPart(String token, int part) {
        String[] parts = token.split("\\.");
        parts[part] = respell(parts[part]);
        String twin = String.join(".", parts);
        // The twin decodes to exactly the original's bytes: a lenient decoder cannot tell them apart.
        assertThat(Base64.getUrlDecoder().decode(token.split("\\.")[part]))
                .isEqualTo(Base64.getUrlDecoder().decode(twin.split("\\.")[part]));
        return twin;
    }

    @Test
    void verifyIdTokenWhenSignatureRespelledThenTheTwinIsRefusedBeforeAndAfterTheOriginal() {
        // RS256: 256 signature bytes make 342 characters, the last carrying 4 unused bits.
        String token = TestTokens.idToken();
        String twin = respellPart(token, 2);

        assertRefused(() -> verifier.verifyIdToken(twin, nonce()), JitErrorCodes.MALFORMED_MESSAGE);
        assertThat(verifier.verifyIdToken(token, nonce()).subject()).isEqualTo("248289761001");
        assertRefused(() -> verifier.verifyIdToken(twin, nonce()), JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    void verifyIdTokenWhenHeaderOrClaimsRespelledThenRefused() {
        // {"kid":"rsa-1","alg":"RS256"} is 29 bytes: its last character carries 2 unused bits.
        String token = TestTokens.idToken();
        String claimsWithSpareBits = claimsWithUnusedBits();

        assertRefused(() -> verifier.verifyIdToken(respellPart(token, 0), nonce()), JitErrorCodes.MALFORMED_MESSAGE);
        assertRefused(() -> verifier.verifyIdToken(respellPart(claimsWithSpareBits, 1), nonce()),
                JitErrorCodes.MALFORMED_MESSAGE);
        assertThat(verifier.verifyIdToken(claimsWithSpareBits, nonce())).isNotNull();
    }

    @Test
    void verifyIdTokenWhenEs256SignatureMirroredThenReplayed() {
        // ECDSA: (r, n - s) verifies wherever (r, s) does, so the signature bytes are no token's identity.
        String token = sign(TestTokens.EC, JWSAlgorithm.ES256, h -> h, aliceClaims(NOW).build());
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        BigInteger order = Curve.P_256.toECParameterSpec().getOrder();
        BigInteger mirroredS = order.subtract(new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        byte[] mirrored = Arrays.copyOf(signature, 64);
        Arrays.fill(mirrored, 32, 64, (byte) 0); // n - s may be shorter than 32 bytes: left-pad with zeros
        byte[] s = mirroredS.toByteArray(); // up to 33 bytes (a sign byte), maybe fewer than 32
        int length = Math.min(32, s.length);
        System.arraycopy(s, s.length - length, mirrored, 64 - length, length);
        String twin = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mirrored);

        assertThat(verifier.verifyIdToken(token, nonce())).isNotNull();
        assertRefused(() -> verifier.verifyIdToken(twin, nonce()), JitErrorCodes.REPLAYED);
    }

    @Test
    void verifyLogoutTokenWhenRespelledThenRefused() {
        String logoutToken = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h.type(TestTokens.type("logout+jwt")),
                new JWTClaimsSet.Builder().issuer(TestTokens.ISSUER).audience(TestTokens.CLIENT_ID)
                        .issueTime(Date.from(NOW)).jwtID(UUID.randomUUID().toString()).subject("248289761001")
                        .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())).build());

        assertRefused(() -> verifier.verifyLogoutToken(respellPart(logoutToken, 2)), JitErrorCodes.MALFORMED_MESSAGE);
        assertThat(verifier.verifyLogoutToken(logoutToken).subject()).isEqualTo("248289761001");
    }

    /** An ID token of Alice whose claims segment does not end on a 3-byte boundary. */
    private static String claimsWithUnusedBits() {
        for (String pad = "x"; ; pad += "x") {
            String token = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, aliceClaims(NOW).claim("pad", pad).build());
            if (token.split("\\.")[1].length() % 4 != 0) {
                return token;
            }
        }
    }
}
