package io.jitprov.oidc;

import static io.jitprov.oidc.OidcFixture.assertRefused;
import static io.jitprov.oidc.OidcFixture.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.jitprov.core.JitErrorCodes;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which key of the provider's set may verify a token (RFC 7517 §4.2-4.4, RFC 7518 §3.4): only a
 * signing key of the token's type and curve, whose {@code alg} and {@code key_ops} allow it.
 */
class KeySelectionTests {

    private static final IdTokenExpectations NONCE = IdTokenExpectations.nonce(TestTokens.NONCE);

    private static ECKey ec(String kid, Curve curve) throws Exception {
        return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    }

    private static String token(JWK key, JWSAlgorithm algorithm) {
        return TestTokens.sign(key, algorithm, header -> header, TestTokens.aliceClaims(TestTokens.NOW).build());
    }

    @Test
    void p384AndP521KeysVerifyEs384AndEs512ButNotAnotherCurvesAlgorithm() throws Exception {
        ECKey p384 = ec("p384", Curve.P_384);
        ECKey p521 = ec("p521", Curve.P_521);
        OidcVerifier verifier = verifier(TestTokens.provider(p384, p521).build());

        assertThat(verifier.verifyIdToken(token(p384, JWSAlgorithm.ES384), NONCE).subject()).isEqualTo("248289761001");
        assertThat(verifier(TestTokens.provider(p384, p521).build()).verifyIdToken(token(p521, JWSAlgorithm.ES512), NONCE)
                .subject()).isEqualTo("248289761001");
        String es256ByP384 = TestTokens.sign(p384, JWSAlgorithm.ES384, header -> header,
                TestTokens.aliceClaims(TestTokens.NOW).build()).replaceFirst("^[^.]+",
                com.nimbusds.jose.util.Base64URL.encode("{\"alg\":\"ES256\",\"kid\":\"p384\"}").toString());
        assertRefused(() -> verifier(TestTokens.provider(p384).build()).verifyIdToken(es256ByP384, NONCE),
                JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void encryptionKeysKeysForOtherOperationsAndKeysForAnotherAlgorithmAreNotCandidates() throws Exception {
        RSAKey rsa = TestTokens.RSA;
        JWK forEncryption = new RSAKey.Builder(rsa.toRSAPublicKey()).keyID(rsa.getKeyID()).keyUse(KeyUse.ENCRYPTION).build();
        JWK forEncryptOnly = new RSAKey.Builder(rsa.toRSAPublicKey()).keyID(rsa.getKeyID())
                .keyOperations(Set.of(KeyOperation.ENCRYPT)).build();
        JWK forRs512 = new RSAKey.Builder(rsa.toRSAPublicKey()).keyID(rsa.getKeyID()).algorithm(JWSAlgorithm.RS512).build();
        JWK forVerifyRs256 = new RSAKey.Builder(rsa.toRSAPublicKey()).keyID(rsa.getKeyID())
                .keyOperations(Set.of(KeyOperation.VERIFY)).algorithm(new Algorithm("RS256")).build();
        String token = TestTokens.idToken();

        for (JWK wrong : new JWK[] {forEncryption, forEncryptOnly, forRs512}) {
            assertRefused(() -> verifier(TestTokens.provider(wrong).build()).verifyIdToken(token, NONCE),
                    JitErrorCodes.INVALID_SIGNATURE);
        }
        assertThat(verifier(TestTokens.provider(forVerifyRs256).build()).verifyIdToken(token, NONCE).issuer())
                .isEqualTo(TestTokens.ISSUER);
    }

    @Test
    void withoutAKidEveryFittingKeyIsTriedAndTheOneThatSignedWins() {
        String noKid = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, header -> header.keyID(null),
                TestTokens.aliceClaims(TestTokens.NOW).build());

        assertThat(verifier(TestTokens.provider(TestTokens.RSA_NEXT, TestTokens.EC, TestTokens.RSA).build())
                .verifyIdToken(noKid, NONCE).subject()).isEqualTo("248289761001");
        assertRefused(() -> verifier(TestTokens.provider(TestTokens.RSA_NEXT).build()).verifyIdToken(noKid, NONCE),
                JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void aProviderLimitedToSomeAlgorithmsRefusesTheOthersBeforeLookingForAKey() {
        OidcVerifier rs256Only = verifier(TestTokens.provider(TestTokens.RSA, TestTokens.EC)
                .algorithms(JWSAlgorithm.RS256).build());

        assertThat(rs256Only.verifyIdToken(TestTokens.idToken(), NONCE).subject()).isEqualTo("248289761001");
        assertRefused(() -> rs256Only.verifyIdToken(token(TestTokens.EC, JWSAlgorithm.ES256), NONCE),
                JitErrorCodes.ALGORITHM_NOT_ALLOWED);
        assertRefused(() -> rs256Only.verifyIdToken(token(TestTokens.RSA, JWSAlgorithm.PS256), NONCE),
                JitErrorCodes.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void encryptedOrIssuerlessTokensGetTheirOwnTypedRefusal() {
        OidcVerifier verifier = verifier(TestTokens.provider(TestTokens.RSA).build());
        String jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d";
        String noIssuer = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, header -> header,
                TestTokens.with(TestTokens.aliceClaims(TestTokens.NOW), claims -> claims.issuer(null)));

        assertRefused(() -> verifier.verifyIdToken(jwe, NONCE), JitErrorCodes.MALFORMED_MESSAGE);
        assertRefused(() -> verifier.verifyIdToken(noIssuer, NONCE), JitErrorCodes.UNKNOWN_ISSUER);
    }
}
