package io.jitprov.examples.devidp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenID Connect half of the development IdP: discovery, keys, authorization codes (with
 * PKCE S256 checked) and signed ID tokens for the person picked.
 */
final class DevOidcIdp {

    private final String issuer;
    private final RSAKey key;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    /** What a code stands for until it is redeemed (once, within a minute). */
    record Grant(String clientId, String redirectUri, String nonce, String codeChallenge, DemoPerson person,
            List<String> groups, boolean mfa, String sid, Instant expiresAt) { }

    DevOidcIdp(String issuer) {
        this.issuer = issuer;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("dev-" + Instant.now().getEpochSecond()).keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("The development IdP could not make its key", e);
        }
    }

    String issuer() {
        return issuer;
    }

    JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    String discovery() {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"code_challenge_methods_supported\":[\"S256\"]}";
    }

    String issueCode(Grant grant) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(code, grant);
        return code;
    }

    /** Redeems a code: the token response JSON, or empty when the code, client, redirect or verifier do not fit. */
    Optional<String> redeem(String code, String clientId, String redirectUri, String codeVerifier) throws Exception {
        Grant grant = codes.remove(code);
        if (grant == null || Instant.now().isAfter(grant.expiresAt()) || !grant.clientId().equals(clientId)
                || !grant.redirectUri().equals(redirectUri) || !grant.codeChallenge().equals(s256(codeVerifier))) {
            return Optional.empty();
        }
        BearerAccessToken accessToken = new BearerAccessToken();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(grant.person().subject())
                .audience(clientId).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("nonce", grant.nonce()).claim("auth_time", now.getEpochSecond()).claim("sid", grant.sid())
                .claim("email", grant.person().email()).claim("email_verified", true).claim("name", grant.person().name())
                .claim("groups", grant.groups())
                .claim("amr", grant.mfa() ? List.of("pwd", "mfa") : List.of("pwd"))
                .claim("acr", grant.mfa() ? DevIdpServlet.MFA_CONTEXT : DevIdpServlet.PASSWORD_CONTEXT)
                .claim("at_hash", AccessTokenHash.compute(accessToken, JWSAlgorithm.RS256).getValue()).build();
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        idToken.sign(new RSASSASigner(key));
        return Optional.of("{\"access_token\":\"" + accessToken.getValue() + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":300,\"id_token\":\"" + idToken.serialize() + "\"}");
    }

    private static String s256(String verifier) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }
}
