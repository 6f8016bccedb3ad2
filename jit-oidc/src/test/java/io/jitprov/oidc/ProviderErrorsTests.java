package io.jitprov.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a refusal says when the token or UserInfo endpoint answers with an error: the provider's
 * OAuth 2.0 error (RFC 6749 5.2, RFC 6750 3.1), quoted and bounded, or its HTTP status and content
 * type, never the body. Providers negotiate: asked without {@code Accept: application/json}, many
 * answer errors with an HTML page.
 */
class ProviderErrorsTests {

    private static final String HTML = "<html><body>Bad request. Internal detail: db-7.corp</body></html>";

    private TestProvider provider;
    private OidcLogin login;
    private OidcRedirect redirect;

    @BeforeEach
    void start() throws IOException {
        provider = new TestProvider(TestTokens.RSA, TestTokens.CLIENT_ID);
        OidcProviders providers = OidcProviders.of(provider.discover("s3cret").mergeUserInfo(true).build());
        login = OidcLogin.builder().providers(providers).verifier(OidcVerifier.builder().providers(providers).build())
                .build();
        redirect = login.start(provider.issuer(), URI.create("https://app.example/cb"), OidcLoginOptions.defaults());
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private void complete() {
        login.complete(Map.of("code", "c", "state", redirect.pending().state()), redirect.pending());
    }

    /** The endpoint answers HTML unless asked for JSON, then {@code json} with {@code status}. */
    private void negotiating(MappingBuilder endpoint, MappingBuilder endpointAskedForJson, int status, String json) {
        provider.server().stubFor(endpoint.atPriority(5).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "text/html;charset=utf-8").withBody(HTML)));
        provider.server().stubFor(endpointAskedForJson.withHeader("Accept", containing("application/json")).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
    }

    @Test
    void completeWhenTokenEndpointRefusesTheCodeThenItsErrorAndDescriptionQuoted() {
        negotiating(post("/token"), post("/token"), 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Code expired\\n" + "x".repeat(5000) + "\"}");

        assertThatThrownBy(this::complete).isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
            assertThat(e.error().code()).isEqualTo(JitErrorCodes.PROVIDER_ERROR);
            assertThat(e.getMessage()).contains("HTTP 400").contains("[invalid_grant]").contains("Code expired\\u000a")
                    .contains("chars)").hasSizeLessThan(500);
        });
    }

    @Test
    void completeWhenTokenEndpointAnswersHtmlThenStatusAndContentTypeButNeverTheBody() {
        provider.server().stubFor(post("/token").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "text/html").withBody(HTML)));

        assertThatThrownBy(this::complete).isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
            assertThat(e.error().code()).isEqualTo(JitErrorCodes.PROVIDER_ERROR);
            assertThat(e.getMessage()).contains("HTTP 401").contains("[text/html]").doesNotContain("db-7");
        });
    }

    @Test
    void completeWhenTokenEndpointFailsWithAServerErrorThenProviderUnavailable() {
        provider.server().stubFor(post("/token").willReturn(aResponse().withStatus(502).withBody(HTML)));

        assertThatThrownBy(this::complete).isInstanceOfSatisfying(JitStoreException.class, e -> {
            assertThat(e.code()).isEqualTo(JitErrorCodes.PROVIDER_UNAVAILABLE);
            assertThat(e.getMessage()).contains("HTTP 502").contains("no content type").doesNotContain("db-7");
        });
    }

    @Test
    void completeWhenUserInfoRefusesTheAccessTokenThenTheBearerErrorAndDescriptionQuoted() {
        provider.answerTokenRequests(provider.idToken(redirect.pending().nonce(), Instant.now()));
        provider.server().stubFor(get("/userinfo").willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"The access token expired\"")));

        assertThatThrownBy(this::complete).isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
            assertThat(e.error().code()).isEqualTo(JitErrorCodes.PROVIDER_ERROR);
            assertThat(e.getMessage()).contains("[invalid_token]").contains("[The access token expired]");
        });
    }

    @Test
    void completeWhenUserInfoAnswersAnErrorPageThenAskedForJsonAndStatusAndContentTypeReported() {
        provider.answerTokenRequests(provider.idToken(redirect.pending().nonce(), Instant.now()));
        negotiating(get("/userinfo"), get("/userinfo"), 403, "{\"error\":\"insufficient_scope\"}");

        assertThatThrownBy(this::complete).isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
            assertThat(e.error().code()).isEqualTo(JitErrorCodes.PROVIDER_ERROR);
            assertThat(e.getMessage()).contains("HTTP 403").contains("[insufficient_scope]").doesNotContain("db-7");
        });
        assertThat(provider.tokenRequests()).singleElement()
                .satisfies(request -> assertThat(request.getHeader("Accept")).isEqualTo("application/json"));
    }
}
