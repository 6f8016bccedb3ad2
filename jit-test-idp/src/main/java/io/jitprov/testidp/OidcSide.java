package io.jitprov.testidp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The OpenID provider: discovery, the authorization endpoint's checks, single-use codes (PKCE S256
 * checked), signed ID tokens, UserInfo, and back-channel logout tokens.
 */
final class OidcSide {

    static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);

    /** What a code stands for until it is redeemed: once, within a minute. */
    record Grant(String redirectUri, @Nullable String nonce, @Nullable String codeChallenge, TestPerson person,
            String sid, TestIdp.@Nullable Failure failure, Instant expiresAt) { }

    private final String issuer;
    private final String clientId;
    /** None for a public client, which proves itself with PKCE alone. */
    private final @Nullable String clientSecret;
    private final Keys keys;
    private final SecureRandom random = new SecureRandom();
    private final Bounded<Grant> codes = new Bounded<>(1_000);
    private final Bounded<TestPerson> accessTokens = new Bounded<>(10_000);

    OidcSide(String issuer, String clientId, @Nullable String clientSecret, Keys keys) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.keys = keys;
    }

    String issuer() {
        return issuer;
    }

    String clientId() {
        return clientId;
    }

    @Nullable String clientSecret() {
        return clientSecret;
    }

    String discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + "/authorize");
        document.put("token_endpoint", issuer + "/token");
        document.put("userinfo_endpoint", issuer + "/userinfo");
        document.put("jwks_uri", issuer + "/jwks");
        document.put("end_session_endpoint", issuer + "/logout");
        document.put("response_types_supported", List.of("code"));
        document.put("grant_types_supported", List.of("authorization_code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of(keys.algorithm().getName()));
        document.put("token_endpoint_auth_methods_supported", clientSecret == null ? List.of("none")
                : List.of("client_secret_basic", "client_secret_post"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("scopes_supported", List.of("openid", "email", "profile", "groups"));
        document.put("claims_supported", List.of("sub", "email", "email_verified", "name", "groups", "amr", "acr", "sid"));
        document.put("authorization_response_iss_parameter_supported", true);
        document.put("backchannel_logout_supported", true);
        document.put("backchannel_logout_session_supported", true);
        return JSONObjectUtils.toJSONString(document);
    }

    /**
     * Answers an authorization request (code flow) for {@code person}: the redirect back with a
     * code, or with the error a refused sign-in gets. Requests that cannot be answered by redirect
     * (unknown client, a redirect URI not allowed) are refused in words.
     */
    TestIdp.Answer authorize(Map<String, String> query, TestPerson person, String sid,
            Supplier<TestIdp.@Nullable Failure> takeFailure, RedirectTargets targets, Runnable issued) {
        String redirectUri = query.get("redirect_uri");
        if (!clientId.equals(query.get("client_id"))) {
            throw new IdpRefusal("Unknown client_id: this provider's client is " + clientId);
        }
        if (redirectUri == null || !targets.allows(redirectUri)) {
            throw new IdpRefusal("The redirect_uri is missing or not allowed: " + targets.rule());
        }
        @Nullable String state = query.get("state");
        if (!"code".equals(query.get("response_type"))) {
            return error(redirectUri, state, "unsupported_response_type", "This provider offers the code flow only");
        }
        if (!List.of(String.valueOf(query.get("scope")).split(" ")).contains("openid")) {
            return error(redirectUri, state, "invalid_scope", "The scope must include openid");
        }
        @Nullable String challenge = query.get("code_challenge");
        if (challenge != null && !"S256".equals(query.get("code_challenge_method"))) {
            return error(redirectUri, state, "invalid_request", "PKCE needs code_challenge_method S256");
        }
        if (challenge == null && clientSecret == null) {
            return error(redirectUri, state, "invalid_request", "A public client must use PKCE (RFC 7636)");
        }
        // Taken only now: a request refused above leaves the failure asked for to the next sign-in.
        TestIdp.@Nullable Failure failure = takeFailure.get();
        if (failure == TestIdp.Failure.SIGN_IN_REFUSED) {
            return error(redirectUri, state, "access_denied", "The test IdP refused this sign-in");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(code, new Grant(redirectUri, query.get("nonce"), challenge, person, sid, failure,
                Instant.now().plus(CODE_LIFETIME)));
        issued.run();
        Map<String, String> back = new LinkedHashMap<>();
        back.put("code", code);
        if (state != null) {
            back.put("state", state);
        }
        // A misaddressed answer names another provider, as a mix-up attack's would (RFC 9207).
        back.put("iss", failure == TestIdp.Failure.WRONG_RECIPIENT ? issuer + "/elsewhere" : issuer);
        return new TestIdp.Answer("GET", Pages.withQuery(redirectUri, back), Map.of());
    }

    /**
     * Redeems a code (RFC 6749 §4.1.3): the token response, or the error response when the client,
     * the code, the redirect URI or the PKCE verifier do not fit.
     */
    Reply redeem(Map<String, String> form, @Nullable String basicClientId, @Nullable String basicSecret) {
        String id = basicClientId != null ? basicClientId : form.get("client_id");
        String secret = basicClientId != null ? basicSecret : form.get("client_secret");
        boolean authenticated = clientSecret == null ? secret == null : constantTimeEquals(clientSecret, secret);
        if (!clientId.equals(id) || !authenticated) {
            return Reply.json(401, "{\"error\":\"invalid_client\"}");
        }
        Grant grant = "authorization_code".equals(form.get("grant_type")) ? codes.remove(String.valueOf(form.get("code")))
                : null;
        if (grant == null || Instant.now().isAfter(grant.expiresAt()) || !grant.redirectUri().equals(form.get("redirect_uri"))
                || (grant.codeChallenge() != null && !grant.codeChallenge().equals(s256(form.get("code_verifier"))))
                // A verifier for a code issued without a challenge is a PKCE downgrade (RFC 9700 §2.1.1).
                || (grant.codeChallenge() == null && form.get("code_verifier") != null)) {
            return Reply.json(400, "{\"error\":\"invalid_grant\"}");
        }
        if (grant.failure() == TestIdp.Failure.TOKEN_ENDPOINT_ERROR) {
            return Reply.json(500, "{\"error\":\"server_error\",\"error_description\":\"The test IdP was told to fail\"}");
        }
        BearerAccessToken accessToken = new BearerAccessToken();
        accessTokens.put(accessToken.getValue(), grant.person());
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("access_token", accessToken.getValue());
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", 300);
        tokens.put("id_token", idToken(grant, accessToken));
        return Reply.json(200, JSONObjectUtils.toJSONString(tokens));
    }

    /** UserInfo's claims for the person an access token was issued to (OIDC Core §5.3). */
    Reply userInfo(@Nullable String accessToken) {
        TestPerson person = accessToken == null ? null : accessTokens.get(accessToken);
        if (person == null) {
            return Reply.json(401, "{\"error\":\"invalid_token\"}")
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", person.subject());
        claims.putAll(profile(person));
        return Reply.json(200, JSONObjectUtils.toJSONString(claims));
    }

    /** A signed back-channel logout token (Back-Channel Logout 1.0 §2.4) ending {@code session}. */
    String logoutToken(TestIdp.Session session) {
        Instant now = Instant.now();
        // exp is REQUIRED since Back-Channel Logout 1.0 final (2022).
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(clientId).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(2)))).jwtID(UUID.randomUUID().toString())
                .subject(session.person().subject()).claim("sid", session.id())
                .claim("events", Map.of(BACKCHANNEL_LOGOUT_EVENT, Map.of())).build();
        return sign(claims, new JOSEObjectType("logout+jwt"), keys.current());
    }

    private String idToken(Grant grant, BearerAccessToken accessToken) {
        Instant now = Instant.now();
        // An expired token was issued ten minutes ago and lived for five.
        Instant issued = grant.failure() == TestIdp.Failure.EXPIRED ? now.minus(Duration.ofMinutes(10)) : now;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(grant.person().subject())
                .audience(grant.failure() == TestIdp.Failure.WRONG_AUDIENCE ? "another-client" : clientId)
                .issueTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofMinutes(5))))
                .claim("auth_time", issued.getEpochSecond()).claim("sid", grant.sid())
                .claim("amr", grant.person().mfa() ? List.of("pwd", "mfa") : List.of("pwd"))
                .claim("acr", grant.person().mfa() ? TestIdp.MFA_CONTEXT : SamlSide.PASSWORD_CONTEXT)
                .claim("at_hash", AccessTokenHash.compute(accessToken, keys.algorithm()).getValue());
        if (grant.nonce() != null) {
            claims.claim("nonce", grant.nonce());
        }
        profile(grant.person()).forEach(claims::claim);
        Keys.Generation signer = grant.failure() == TestIdp.Failure.UNKNOWN_KEY ? keys.stranger() : keys.current();
        return sign(claims.build(), JOSEObjectType.JWT, signer);
    }

    private static Map<String, Object> profile(TestPerson person) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", person.email());
        claims.put("email_verified", person.emailVerified());
        claims.put("name", person.name());
        claims.put("groups", person.groups());
        person.attributes().forEach((name, values) -> claims.put(name, values.size() == 1 ? values.get(0) : values));
        return claims;
    }

    private String sign(JWTClaimsSet claims, JOSEObjectType type, Keys.Generation signer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(keys.algorithm()).type(type).keyID(signer.jwk().getKeyID())
                .build(), claims);
        try {
            jwt.sign(signer.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("The test IdP could not sign a token", e);
        }
        return jwt.serialize();
    }

    private TestIdp.Answer error(String redirectUri, @Nullable String state, String code, String description) {
        Map<String, String> back = new LinkedHashMap<>();
        back.put("error", code);
        back.put("error_description", description);
        if (state != null) {
            back.put("state", state);
        }
        back.put("iss", issuer);
        return new TestIdp.Answer("GET", Pages.withQuery(redirectUri, back), Map.of());
    }

    private static String s256(@Nullable String verifier) {
        if (verifier == null) {
            return "";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String expected, @Nullable String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
