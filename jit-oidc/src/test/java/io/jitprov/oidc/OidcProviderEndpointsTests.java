package io.jitprov.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.jitprov.oidc.OidcFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.MutableClock;
import io.jitprov.core.VerifiedIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WireMock plays the provider's discovery, JWKS, token and UserInfo endpoints on loopback. */
class OidcProviderEndpointsTests {

    private final MutableClock clock = new MutableClock(TestTokens.NOW);
    private WireMockServer provider;
    private String issuer;

    @BeforeEach
    void start() {
        provider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
        issuer = "http://127.0.0.1:" + provider.port();
        provider.stubFor(get("/.well-known/openid-configuration").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"issuer\":\"" + issuer + "\","
                        + "\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\","
                        + "\"userinfo_endpoint\":\"" + issuer + "/userinfo\",\"jwks_uri\":\"" + issuer + "/jwks\","
                        + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
        serveKeys(TestTokens.RSA);
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    private void serveKeys(JWK... keys) {
        provider.stubFor(get("/jwks").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withHeader("Cache-Control", "public, max-age=600").withBody(TestTokens.jwks(keys))));
    }

    private OidcProvider discovered() throws IOException {
        return OidcDiscovery.discover(issuer, HttpClient.newHttpClient(), clock).clientId(TestTokens.CLIENT_ID)
                .clientAuthentication(OidcClientAuthentication.secretBasic(() -> "s3cret")).build();
    }

    private OidcVerifier verifier(OidcProvider discovered) {
        return OidcVerifier.builder().providers(OidcProviders.of(discovered)).clock(clock).build();
    }

    private String token(JWK key, Instant now) {
        return TestTokens.sign(key, JWSAlgorithm.RS256, h -> h,
                TestTokens.aliceClaims(now).issuer(issuer).jwtID(UUID.randomUUID().toString()).build());
    }

    private int jwksFetches() {
        return provider.findAll(getRequestedFor(urlEqualTo("/jwks"))).size();
    }

    @Test
    void discoverWhenIssuerMatchesThenEndpointsAndKeysFromTheProvider() throws IOException {
        OidcProvider discovered = discovered();

        assertThat(discovered.tokenEndpoint()).contains(URI.create(issuer + "/token"));
        assertThat(verifier(discovered).verifyIdToken(token(TestTokens.RSA, clock.instant()),
                IdTokenExpectations.nonce(TestTokens.NONCE)).subject()).isEqualTo("248289761001");
    }

    @Test
    void discoverWhenDiscoveredIssuerDiffersThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                OidcDiscovery.discover(issuer + "/", HttpClient.newHttpClient(), clock))
                .withMessageContaining("is not the configured");
    }

    @Test
    void jwksWhenCacheControlSaysTenMinutesThenFetchedAgainOnlyAfterThem() throws IOException {
        OidcVerifier verifier = verifier(discovered());

        verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none());
        clock.advance(Duration.ofMinutes(9));
        verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none());
        assertThat(jwksFetches()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none());
        assertThat(jwksFetches()).isEqualTo(2);
    }

    @Test
    void jwksWhenProviderRotatesThenNewKidAcceptedAtOnceAndRemovedKidRefused() throws IOException {
        OidcVerifier verifier = verifier(discovered());
        verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none());

        serveKeys(TestTokens.RSA, TestTokens.RSA_NEXT);
        clock.advance(Duration.ofSeconds(1)); // well within the cache lifetime and the routine fetch's rate limit
        assertThat(verifier.verifyIdToken(token(TestTokens.RSA_NEXT, clock.instant()), IdTokenExpectations.none())).isNotNull();
        assertThat(verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none())).isNotNull();

        serveKeys(TestTokens.RSA_NEXT);
        clock.advance(Duration.ofMinutes(11));
        assertRefused(() -> verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none()),
                JitErrorCodes.INVALID_SIGNATURE);
        assertThat(verifier.verifyIdToken(token(TestTokens.RSA_NEXT, clock.instant()), IdTokenExpectations.none())).isNotNull();
    }

    @Test
    void jwksWhenFloodOfUnknownKidsThenOneFetchPerInterval() throws IOException {
        OidcVerifier verifier = verifier(discovered());
        verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none());

        for (int i = 0; i < 50; i++) {
            String forged = TestTokens.sign(TestTokens.ATTACKER, JWSAlgorithm.RS256, h -> h.keyID(UUID.randomUUID().toString()),
                    TestTokens.aliceClaims(clock.instant()).issuer(issuer).build());
            assertRefused(() -> verifier.verifyIdToken(forged, IdTokenExpectations.none()), JitErrorCodes.INVALID_SIGNATURE);
        }
        assertThat(jwksFetches()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        String another = TestTokens.sign(TestTokens.ATTACKER, JWSAlgorithm.RS256, h -> h.keyID("again"),
                TestTokens.aliceClaims(clock.instant()).issuer(issuer).build());
        assertRefused(() -> verifier.verifyIdToken(another, IdTokenExpectations.none()), JitErrorCodes.INVALID_SIGNATURE);
        assertThat(jwksFetches()).isEqualTo(3);
    }

    @Test
    void jwksWhenEndpointFailsLaterThenLastGoodKeysKept() throws IOException {
        OidcVerifier verifier = verifier(discovered());
        verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none());
        provider.stubFor(get("/jwks").willReturn(aResponse().withStatus(503)));

        clock.advance(Duration.ofMinutes(11));

        assertThat(verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none())).isNotNull();
    }

    @Test
    void jwksWhenEndpointNeverAnsweredThenJwksUnavailable() throws IOException {
        provider.stubFor(get("/jwks").willReturn(aResponse().withStatus(500)));
        OidcVerifier verifier = verifier(discovered());

        assertRefused(() -> verifier.verifyIdToken(token(TestTokens.RSA, clock.instant()), IdTokenExpectations.none()),
                JitErrorCodes.JWKS_UNAVAILABLE);
    }

    @Test
    void codeFlowWhenCallbackMatchesThenCodeRedeemedWithPkceAndIdentityVerified() throws Exception {
        OidcProvider discovered = discovered();
        OidcLogin login = OidcLogin.builder().providers(OidcProviders.of(discovered)).verifier(verifier(discovered)).build();
        OidcRedirect redirect = login.start(issuer, URI.create("https://app.example/oidc/callback"),
                OidcLoginOptions.builder().forceLogin(true).maxAge(Duration.ofMinutes(10)).acrValues("urn:acme:mfa").build());
        Map<String, String> query = query(redirect.url());
        assertThat(redirect.url().toString()).startsWith(issuer + "/authorize?");
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", TestTokens.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("prompt", "login")
                .containsEntry("max_age", "600").containsEntry("acr_values", "urn:acme:mfa")
                .containsEntry("state", redirect.pending().state()).containsEntry("nonce", redirect.pending().nonce());
        byte[] challenge = MessageDigest.getInstance("SHA-256")
                .digest(redirect.pending().codeVerifier().getBytes(StandardCharsets.US_ASCII));
        assertThat(query.get("code_challenge")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(challenge));

        BearerAccessToken accessToken = new BearerAccessToken("at-" + UUID.randomUUID());
        stubToken(redirect.pending().nonce(), accessToken);
        VerifiedIdentity identity = login.complete(Map.of("code", "c-123", "state", redirect.pending().state()),
                redirect.pending());

        assertThat(identity.subject()).isEqualTo("248289761001");
        LoggedRequest tokenRequest = provider.findAll(postRequestedFor(urlEqualTo("/token"))).get(0);
        assertThat(tokenRequest.getBodyAsString()).contains("grant_type=authorization_code").contains("code=c-123")
                .contains("code_verifier=" + redirect.pending().codeVerifier());
        assertThat(tokenRequest.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((TestTokens.CLIENT_ID + ":s3cret").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void codeFlowWhenStateForgedOrMissingThenRefusedBeforeAnyTokenRequest() throws IOException {
        OidcProvider discovered = discovered();
        OidcLogin login = OidcLogin.builder().providers(OidcProviders.of(discovered)).verifier(verifier(discovered)).build();
        OidcRedirect redirect = login.start(issuer, URI.create("https://app.example/cb"), OidcLoginOptions.defaults());

        assertRefused(() -> login.complete(Map.of("code", "c", "state", "forged"), redirect.pending()),
                JitErrorCodes.STATE_MISMATCH);
        assertRefused(() -> login.complete(Map.of("code", "c"), redirect.pending()), JitErrorCodes.STATE_MISMATCH);
        assertRefused(() -> login.complete(Map.of("state", redirect.pending().state(), "error", "access_denied",
                "error_description", "User cancelled"), redirect.pending()), JitErrorCodes.PROVIDER_ERROR);
        assertThat(provider.findAll(postRequestedFor(urlEqualTo("/token")))).isEmpty();
    }

    @Test
    void codeFlowWhenTokenEndpointRefusesThenProviderError() throws IOException {
        OidcProvider discovered = discovered();
        OidcLogin login = OidcLogin.builder().providers(OidcProviders.of(discovered)).verifier(verifier(discovered)).build();
        OidcRedirect redirect = login.start(issuer, URI.create("https://app.example/cb"), OidcLoginOptions.defaults());
        provider.stubFor(post("/token").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Code expired\"}")));

        assertThatThrownBy(() -> login.complete(Map.of("code", "c", "state", redirect.pending().state()), redirect.pending()))
                .hasMessageContaining("invalid_grant").hasMessageContaining("Code expired");
    }

    @Test
    void codeFlowWhenTokenEndpointUnreachableThenStoreException() throws IOException {
        OidcProvider discovered = discovered();
        OidcLogin login = OidcLogin.builder().providers(OidcProviders.of(discovered)).verifier(verifier(discovered)).build();
        OidcRedirect redirect = login.start(issuer, URI.create("https://app.example/cb"), OidcLoginOptions.defaults());
        provider.stop();

        assertThatThrownBy(() -> login.complete(Map.of("code", "c", "state", redirect.pending().state()), redirect.pending()))
                .isInstanceOfSatisfying(JitStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(JitErrorCodes.PROVIDER_UNAVAILABLE));
    }

    @Test
    void codeFlowWhenPrivateKeyJwtThenClientAssertionSignedWithTheClientKey() throws Exception {
        OidcProvider discovered = OidcDiscovery.discover(issuer, HttpClient.newHttpClient(), clock)
                .clientId(TestTokens.CLIENT_ID).clientAuthentication(OidcClientAuthentication.privateKeyJwt(
                        TestTokens.RSA_NEXT.toRSAPrivateKey(), "client-key", JWSAlgorithm.RS256)).build();
        OidcLogin login = OidcLogin.builder().providers(OidcProviders.of(discovered)).verifier(verifier(discovered)).build();
        OidcRedirect redirect = login.start(issuer, URI.create("https://app.example/cb"), OidcLoginOptions.defaults());
        stubToken(redirect.pending().nonce(), new BearerAccessToken("at-1"));

        login.complete(Map.of("code", "c", "state", redirect.pending().state()), redirect.pending());

        String body = provider.findAll(postRequestedFor(urlEqualTo("/token"))).get(0).getBodyAsString();
        Map<String, String> form = form(body);
        assertThat(form.get("client_assertion_type")).isEqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
        assertThat(assertion.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(TestTokens.RSA_NEXT.toRSAPublicKey()))).isTrue();
        assertThat(assertion.getJWTClaimsSet().getAudience()).contains(issuer + "/token");
    }

    @Test
    void userInfoWhenMergedThenItsExtraClaimsAddedAndAnotherSubjectRefused() throws IOException {
        OidcProvider discovered = OidcDiscovery.discover(issuer, HttpClient.newHttpClient(), clock)
                .clientId(TestTokens.CLIENT_ID).mergeUserInfo(true).build();
        OidcLogin login = OidcLogin.builder().providers(OidcProviders.of(discovered)).verifier(verifier(discovered)).build();
        OidcRedirect first = login.start(issuer, URI.create("https://app.example/cb"), OidcLoginOptions.defaults());
        stubToken(first.pending().nonce(), new BearerAccessToken("at-1"));
        provider.stubFor(get("/userinfo").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"sub\":\"248289761001\",\"department\":\"R&D\",\"email\":\"other@acme.test\"}")));

        VerifiedIdentity identity = login.complete(Map.of("code", "c", "state", first.pending().state()), first.pending());

        assertThat(identity.attributes().get("department")).containsExactly("R&D");
        assertThat(identity.attributes().get("email")).containsExactly("alice@acme.test");

        OidcRedirect second = login.start(issuer, URI.create("https://app.example/cb"), OidcLoginOptions.defaults());
        stubToken(second.pending().nonce(), new BearerAccessToken("at-2"));
        provider.stubFor(get("/userinfo").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"sub\":\"someone-else\"}")));
        assertRefused(() -> login.complete(Map.of("code", "c", "state", second.pending().state()), second.pending()),
                JitErrorCodes.USERINFO_SUBJECT_MISMATCH);
    }

    private void stubToken(String nonce, BearerAccessToken accessToken) {
        JWTClaimsSet claims = TestTokens.aliceClaims(clock.instant()).issuer(issuer).claim("nonce", nonce)
                .claim("at_hash", AccessTokenHash.compute(accessToken, JWSAlgorithm.RS256).getValue()).build();
        String idToken = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, claims);
        provider.stubFor(post("/token").withRequestBody(containing("grant_type=authorization_code"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                        "{\"access_token\":\"" + accessToken.getValue() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                                + "\"id_token\":\"" + idToken + "\"}")));
    }

    private static Map<String, String> query(URI uri) {
        return form(uri.getRawQuery());
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
