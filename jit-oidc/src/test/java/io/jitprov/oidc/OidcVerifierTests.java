package io.jitprov.oidc;

import static io.jitprov.oidc.OidcFixture.assertRefused;
import static io.jitprov.oidc.OidcFixture.verifier;
import static io.jitprov.oidc.OidcFixture.verifierAt;
import static io.jitprov.oidc.TestTokens.NOW;
import static io.jitprov.oidc.TestTokens.aliceClaims;
import static io.jitprov.oidc.TestTokens.sign;
import static io.jitprov.oidc.TestTokens.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OidcVerifierTests {

    private final OidcVerifier verifier = verifier(TestTokens.provider(TestTokens.RSA, TestTokens.EC, TestTokens.ED25519).build());

    private static IdTokenExpectations nonce() {
        return IdTokenExpectations.nonce(TestTokens.NONCE);
    }

    @Test
    void verifyIdTokenWhenRs256ThenIdentityFromItsClaims() {
        VerifiedIdentity identity = verifier.verifyIdToken(TestTokens.idToken(), nonce());

        assertThat(identity.issuer()).isEqualTo(TestTokens.ISSUER);
        assertThat(identity.subject()).isEqualTo("248289761001");
        assertThat(identity.kind()).isEqualTo(IdentityKind.HUMAN);
        assertThat(identity.emailVerified()).isTrue();
        assertThat(identity.attributes().get("email")).containsExactly("alice@acme.test");
        assertThat(identity.attributes().get("groups")).containsExactly("acme-staff", "acme-eng-backend");
        assertThat(identity.acr()).contains("urn:acme:mfa");
        assertThat(identity.amr()).containsExactly("pwd", "mfa");
        assertThat(identity.sessionIndex()).contains("sid-77");
        assertThat(identity.authnInstant()).contains(NOW.minusSeconds(60));
        assertThat(identity.notOnOrAfter()).contains(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void verifyIdTokenWhenPs256Es256OrEdDsaThenAccepted() {
        String ps = sign(TestTokens.RSA, JWSAlgorithm.PS256, h -> h, aliceClaims(NOW).jwtID("ps").build());
        String es = sign(TestTokens.EC, JWSAlgorithm.ES256, h -> h, aliceClaims(NOW).jwtID("es").build());
        String ed = sign(TestTokens.ED25519, JWSAlgorithm.EdDSA, h -> h, aliceClaims(NOW).jwtID("ed").build());

        for (String token : List.of(ps, es, ed)) {
            assertThat(verifier.verifyIdToken(token, nonce()).subject()).isEqualTo("248289761001");
        }
    }

    @Test
    void verifyIdTokenWhenAlgNoneThenRefused() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String unsigned = header + "." + aliceClaims(NOW).build().toPayload().toBase64URL() + ".";

        assertRefused(() -> verifier.verifyIdToken(unsigned, nonce()), JitErrorCodes.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifyIdTokenWhenHs256SignedWithThePublicKeyThenRefused() throws Exception {
        // Algorithm confusion: the attacker uses the provider's public key as an HMAC secret.
        byte[] publicKeyBytes = TestTokens.RSA.toRSAPublicKey().getEncoded();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                aliceClaims(NOW).build());
        forged.sign(new MACSigner(java.util.Arrays.copyOf(publicKeyBytes, 64)));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(publicKeyBytes)
                + "\n-----END PUBLIC KEY-----\n";
        SignedJWT forgedWithPem = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                aliceClaims(NOW).build());
        forgedWithPem.sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));

        assertRefused(() -> verifier.verifyIdToken(forged.serialize(), nonce()), JitErrorCodes.ALGORITHM_NOT_ALLOWED);
        assertRefused(() -> verifier.verifyIdToken(forgedWithPem.serialize(), nonce()), JitErrorCodes.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifyIdTokenWhenAttackerEmbedsTheirKeyInTheHeaderThenInvalidSignature() throws Exception {
        String withJwk = sign(TestTokens.ATTACKER, JWSAlgorithm.RS256,
                h -> h.jwk(TestTokens.ATTACKER.toPublicJWK()), aliceClaims(NOW).build());
        String withJku = sign(TestTokens.ATTACKER, JWSAlgorithm.RS256,
                h -> h.jwkURL(URI.create("https://evil.test/jwks.json")).x509CertURL(URI.create("https://evil.test/c")),
                aliceClaims(NOW).build());

        assertRefused(() -> verifier.verifyIdToken(withJwk, nonce()), JitErrorCodes.INVALID_SIGNATURE);
        assertRefused(() -> verifier.verifyIdToken(withJku, nonce()), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyIdTokenWhenSignatureTamperedThenInvalidSignature() {
        String[] parts = TestTokens.idToken().split("\\.");
        String otherPayload = aliceClaims(NOW).subject("admin").build().toPayload().toBase64URL().toString();

        assertRefused(() -> verifier.verifyIdToken(parts[0] + "." + otherPayload + "." + parts[2], nonce()),
                JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyIdTokenWhenUnknownCriticalHeaderThenRefused() {
        String token = sign(TestTokens.RSA, JWSAlgorithm.RS256,
                h -> h.criticalParams(Set.of("urn:example:must-understand")).customParam("urn:example:must-understand", 1),
                aliceClaims(NOW).build());

        assertRefused(() -> verifier.verifyIdToken(token, nonce()), JitErrorCodes.CRITICAL_HEADER_NOT_SUPPORTED);
    }

    @Test
    void verifyIdTokenWhenTypMarksAnAccessOrLogoutTokenThenRefused() {
        String accessToken = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h.type(TestTokens.type("at+jwt")),
                aliceClaims(NOW).build());
        String logoutTyp = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h.type(TestTokens.type("logout+jwt")),
                aliceClaims(NOW).build());
        String logoutClaims = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).claim("events", java.util.Map.of("http://schemas.openid.net/event/backchannel-logout",
                        java.util.Map.of())).build());

        assertRefused(() -> verifier.verifyIdToken(accessToken, nonce()), JitErrorCodes.TOKEN_TYPE_MISMATCH);
        assertRefused(() -> verifier.verifyIdToken(logoutTyp, nonce()), JitErrorCodes.TOKEN_TYPE_MISMATCH);
        assertRefused(() -> verifier.verifyIdToken(logoutClaims, nonce()), JitErrorCodes.TOKEN_TYPE_MISMATCH);
    }

    @Test
    void verifyIdTokenWhenIssuerDiffersEvenByATrailingSlashThenUnknownIssuer() {
        String token = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).issuer(TestTokens.ISSUER + "/").build());

        assertRefused(() -> verifier.verifyIdToken(token, nonce()), JitErrorCodes.UNKNOWN_ISSUER);
    }

    @Test
    void verifyIdTokenWhenAudienceAndAzpCombineThenOnlyTheRightOnesPass() {
        String otherAudience = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, aliceClaims(NOW).audience("other").build());
        String severalNoAzp = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).audience(List.of(TestTokens.CLIENT_ID, "other")).build());
        String severalWithAzp = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).audience(List.of(TestTokens.CLIENT_ID, "other")).claim("azp", TestTokens.CLIENT_ID).build());
        String wrongAzp = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, aliceClaims(NOW).claim("azp", "other").build());

        assertRefused(() -> verifier.verifyIdToken(otherAudience, nonce()), JitErrorCodes.AUDIENCE_MISMATCH);
        assertRefused(() -> verifier.verifyIdToken(severalNoAzp, nonce()), JitErrorCodes.AZP_MISMATCH);
        assertThat(verifier.verifyIdToken(severalWithAzp, nonce())).isNotNull();
        assertRefused(() -> verifier.verifyIdToken(wrongAzp, nonce()), JitErrorCodes.AZP_MISMATCH);
    }

    @Test
    void verifyIdTokenWhenExpiredBeyondSkewThenRefusedAndWithinSkewAccepted() {
        OidcProvider provider = TestTokens.provider(TestTokens.RSA).build();

        assertThat(verifierAt(NOW.plusSeconds(359), provider).verifyIdToken(TestTokens.idToken(), nonce())).isNotNull();
        assertRefused(() -> verifierAt(NOW.plusSeconds(361), provider).verifyIdToken(TestTokens.idToken(), nonce()),
                JitErrorCodes.TOKEN_EXPIRED);
    }

    @Test
    void verifyIdTokenWhenNotYetValidOrIssuedInTheFutureThenRefused() {
        String nbf = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).notBeforeTime(Date.from(NOW.plusSeconds(120))).build());
        String iat = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).issueTime(Date.from(NOW.plusSeconds(120))).build());
        String noExp = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, aliceClaims(NOW).expirationTime(null).build());

        assertRefused(() -> verifier.verifyIdToken(nbf, nonce()), JitErrorCodes.TOKEN_NOT_YET_VALID);
        assertRefused(() -> verifier.verifyIdToken(iat, nonce()), JitErrorCodes.TOKEN_NOT_YET_VALID);
        assertRefused(() -> verifier.verifyIdToken(noExp, nonce()), JitErrorCodes.TOKEN_EXPIRED);
    }

    @Test
    void verifyIdTokenWhenNonceDiffersOrIsMissingThenRefused() {
        String noNonce = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, with(aliceClaims(NOW), c -> c.claim("nonce", null)));

        assertRefused(() -> verifier.verifyIdToken(TestTokens.idToken(), IdTokenExpectations.nonce("other")),
                JitErrorCodes.NONCE_MISMATCH);
        assertRefused(() -> verifier.verifyIdToken(noNonce, nonce()), JitErrorCodes.NONCE_MISMATCH);
    }

    @Test
    void verifyIdTokenWhenMaxAgeRequestedThenAuthTimeMustBeRecent() {
        IdTokenExpectations fiveMinutes = new IdTokenExpectations(TestTokens.NONCE, Duration.ofMinutes(5), null);
        String old = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).claim("auth_time", NOW.minusSeconds(900).getEpochSecond()).build());
        String none = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, with(aliceClaims(NOW), c -> c.claim("auth_time", null)));

        assertThat(verifier.verifyIdToken(TestTokens.idToken(), fiveMinutes)).isNotNull();
        assertRefused(() -> verifier.verifyIdToken(old, fiveMinutes), JitErrorCodes.AUTHENTICATION_STALE);
        assertRefused(() -> verifier.verifyIdToken(none, fiveMinutes), JitErrorCodes.AUTHENTICATION_STALE);
    }

    @Test
    void verifyIdTokenWhenAtHashThenItMustMatchTheAccessToken() {
        BearerAccessToken accessToken = new BearerAccessToken("SlAV32hkKG");
        String atHash = AccessTokenHash.compute(accessToken, JWSAlgorithm.RS256).getValue();
        String token = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, aliceClaims(NOW).claim("at_hash", atHash).build());

        assertThat(verifier.verifyIdToken(token, new IdTokenExpectations(TestTokens.NONCE, null, accessToken))).isNotNull();
        String again = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).claim("at_hash", atHash).jwtID("second").build());
        assertRefused(() -> verifier.verifyIdToken(again, new IdTokenExpectations(TestTokens.NONCE, null,
                new BearerAccessToken("another-token"))), JitErrorCodes.AT_HASH_MISMATCH);
    }

    @Test
    void verifyIdTokenWhenJwksKeyIsRsa1024ThenRefused() {
        OidcVerifier weak = verifier(TestTokens.provider(TestTokens.RSA_WEAK).build());

        assertRefused(() -> weak.verifyIdToken(sign(TestTokens.RSA_WEAK, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).build()), nonce()), JitErrorCodes.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifyIdTokenWhenPresentedTwiceThenReplayed() {
        String token = TestTokens.idToken();
        verifier.verifyIdToken(token, nonce());

        assertRefused(() -> verifier.verifyIdToken(token, nonce()), JitErrorCodes.REPLAYED);
    }

    @Test
    void verifyIdTokenWhenEmailVerifiedFalseOrAbsentThenIdentitySaysUnverified() {
        String falseClaim = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).claim("email_verified", false).build());
        String absent = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                with(aliceClaims(NOW).jwtID("absent"), c -> c.claim("email_verified", null)));
        String stringTrue = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                aliceClaims(NOW).jwtID("string").claim("email_verified", "true").build());

        assertThat(verifier.verifyIdToken(falseClaim, nonce()).emailVerified()).isFalse();
        assertThat(verifier.verifyIdToken(absent, nonce()).emailVerified()).isFalse();
        assertThat(verifier.verifyIdToken(stringTrue, nonce()).emailVerified()).isTrue();
    }

    @Test
    void verifyIdTokenWhenGroupsComeInAnotherClaimThenTheyBecomeGroups() {
        OidcVerifier custom = verifier(TestTokens.provider(TestTokens.RSA).groupsClaim("roles").build());
        String token = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                with(aliceClaims(NOW), c -> c.claim("groups", null).claim("roles", List.of("app-admin"))));

        assertThat(custom.verifyIdToken(token, nonce()).attributes().get("groups")).containsExactly("app-admin");
    }

    @Test
    void verifyIdTokenWhenEntraSaysTheEmailDomainOwnerVerifiedThenEmailVerified() {
        String edov = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                with(aliceClaims(NOW), c -> c.claim("email_verified", null).claim("xms_edov", true)));
        String neither = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h,
                with(aliceClaims(NOW), c -> c.claim("email_verified", null).claim("xms_edov", false)));

        assertThat(verifier.verifyIdToken(edov, nonce()).emailVerified()).isTrue();
        assertThat(verifier.verifyIdToken(neither, nonce()).emailVerified()).isFalse();
    }

    @Test
    void verifyIdTokenWhenEntraSignalsGroupOverageThenGroupsIncompleteAndNoPointerAttributes() {
        String overage = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, with(aliceClaims(NOW), c -> c.claim("groups", null)
                .claim("_claim_names", Map.of("groups", "src1"))
                .claim("_claim_sources", Map.of("src1", Map.of("endpoint", "https://graph.microsoft.com/v1.0/users/x/getMemberObjects")))));
        String complete = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, aliceClaims(NOW).build());

        VerifiedIdentity identity = verifier.verifyIdToken(overage, nonce());

        assertThat(identity.groupsIncomplete()).isTrue();
        assertThat(identity.attributes()).doesNotContainKeys("_claim_names", "_claim_sources", "groups");
        assertThat(verifier.verifyIdToken(complete, nonce()).groupsIncomplete()).isFalse();
    }

    @Test
    void verifyIdTokenWhenMalformedOrOversizedThenTypedRefusal() {
        assertRefused(() -> verifier.verifyIdToken("", nonce()), JitErrorCodes.MALFORMED_MESSAGE);
        assertRefused(() -> verifier.verifyIdToken("not.a.jwt", nonce()), JitErrorCodes.MALFORMED_MESSAGE);
        assertRefused(() -> verifier.verifyIdToken("eyJhbGciOiJSUzI1NiJ9.eyJ.x", nonce()), JitErrorCodes.MALFORMED_MESSAGE);
        assertRefused(() -> verifier.verifyIdToken("a".repeat(70_000), nonce()), JitErrorCodes.MESSAGE_TOO_LARGE);
        String arrayPayload = Base64URL.encode("{\"alg\":\"RS256\"}") + "." + Base64URL.encode("[1,2]") + ".c2ln";
        assertRefused(() -> verifier.verifyIdToken(arrayPayload, nonce()), JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    void verifyAccessTokenWhenRfc9068TokenThenWorkloadIdentity() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(TestTokens.ISSUER).subject("svc-reporting")
                .audience("https://api.app.example").claim("client_id", "svc-reporting").claim("scope", "reports:read")
                .expirationTime(Date.from(NOW.plusSeconds(300))).issueTime(Date.from(NOW)).jwtID("at-1").build();
        String token = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h.type(TestTokens.type("at+jwt")), claims);
        String plainJwt = sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, claims);

        VerifiedIdentity workload = verifier.verifyAccessToken(token, "https://api.app.example");

        assertThat(workload.kind()).isEqualTo(IdentityKind.WORKLOAD);
        assertThat(workload.subject()).isEqualTo("svc-reporting");
        assertRefused(() -> verifier.verifyAccessToken(plainJwt, "https://api.app.example"), JitErrorCodes.TOKEN_TYPE_MISMATCH);
        assertRefused(() -> verifier.verifyAccessToken(token, "https://other.api"), JitErrorCodes.AUDIENCE_MISMATCH);
        assertRefused(() -> verifier.verifyIdToken(token, IdTokenExpectations.none()), JitErrorCodes.TOKEN_TYPE_MISMATCH);
    }

    @Test
    void verifyIdTokenWhenAClaimAppearsTwiceThenRefused() throws Exception {
        // Two JSON readers may take different copies of a duplicated "sub": refuse rather than pick one.
        String header = Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}").toString();
        String payload = Base64URL.encode("{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"248289761001\","
                + "\"sub\":\"admin\",\"aud\":\"" + TestTokens.CLIENT_ID + "\",\"exp\":"
                + NOW.plusSeconds(300).getEpochSecond() + ",\"iat\":" + NOW.getEpochSecond() + "}").toString();
        com.nimbusds.jose.crypto.RSASSASigner signer = new com.nimbusds.jose.crypto.RSASSASigner(TestTokens.RSA);
        String signature = signer.sign(JWSHeader.parse(Base64URL.from(header)),
                (header + "." + payload).getBytes(StandardCharsets.US_ASCII)).toString();

        assertRefused(() -> verifier.verifyIdToken(header + "." + payload + "." + signature, IdTokenExpectations.none()),
                JitErrorCodes.MALFORMED_MESSAGE);
    }
}
