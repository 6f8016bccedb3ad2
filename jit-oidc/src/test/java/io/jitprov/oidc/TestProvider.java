package io.jitprov.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An OpenID provider played by WireMock on 127.0.0.1: discovery, JWKS, token and UserInfo
 * endpoints, its own signing key and client ID. Public for jit-servlet's tests.
 */
public final class TestProvider implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final String issuer;
    private final RSAKey key;
    private final String clientId;
    private volatile @Nullable StubMapping outage;

    /**
     * Starts a provider that signs with {@code key}; {@code extraMetadata} are further members of
     * its discovery document, as JSON ({@code "authorization_response_iss_parameter_supported":true}).
     */
    public TestProvider(RSAKey key, String clientId, String... extraMetadata) {
        this.key = key;
        this.clientId = clientId;
        server.start();
        issuer = "http://127.0.0.1:" + server.port();
        StringBuilder metadata = new StringBuilder("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\""
                + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\",\"userinfo_endpoint\":\""
                + issuer + "/userinfo\",\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]");
        for (String member : extraMetadata) {
            metadata.append(',').append(member);
        }
        server.stubFor(get("/.well-known/openid-configuration").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(metadata.append('}').toString())));
        server.stubFor(get("/jwks").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(TestTokens.jwks(key))));
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    public WireMockServer server() {
        return server;
    }

    /** Until {@link #up}, discovery answers 503, as a provider in an outage does. */
    public void down() {
        outage = server.stubFor(get("/.well-known/openid-configuration").atPriority(1)
                .willReturn(aResponse().withStatus(503)));
    }

    /** Ends the outage {@link #down} began. */
    public void up() {
        if (outage != null) {
            server.removeStub(outage);
            outage = null;
        }
    }

    /** How many times discovery was asked for. */
    public int discoveryRequests() {
        return server.findAll(getRequestedFor(urlEqualTo("/.well-known/openid-configuration"))).size();
    }

    /** This provider as discovery reads it, with its client ID and a client secret. */
    public OidcProvider.Builder discover(String clientSecret) throws IOException {
        return OidcDiscovery.discover(issuer, HttpClient.newHttpClient(), Clock.systemUTC()).clientId(clientId)
                .clientAuthentication(OidcClientAuthentication.secretBasic(() -> clientSecret));
    }

    /** Alice's ID token as this provider issues it to its client: its issuer, its audience, its key. */
    public String idToken(String nonce, Instant now) {
        return sign(TestTokens.aliceClaims(now).issuer(issuer).audience(clientId).claim("nonce", nonce));
    }

    /** Signs {@code claims} as they are with this provider's key. */
    public String sign(JWTClaimsSet.Builder claims) {
        return TestTokens.sign(key, JWSAlgorithm.RS256, h -> h, claims.build());
    }

    /** Every code redeemed from now on gets {@code idToken} and an access token. */
    public void answerTokenRequests(String idToken) {
        server.stubFor(post("/token").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"at-" + server.port() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                        + "\"id_token\":\"" + idToken + "\"}")));
    }

    /** The UserInfo endpoint answers {@code json}. */
    public void answerUserInfo(String json) {
        server.stubFor(get("/userinfo").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(json)));
    }

    public List<LoggedRequest> tokenRequests() {
        return server.findAll(postRequestedFor(urlEqualTo("/token")));
    }

    public List<LoggedRequest> userInfoRequests() {
        return server.findAll(getRequestedFor(urlEqualTo("/userinfo")));
    }

    @Override
    public void close() {
        server.stop();
    }
}
