package io.jitprov.oidc;

import static io.jitprov.oidc.OidcFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IdP mix-up (OIDC Core 3.1.3.7, RFC 9207): every step of a login belongs to the provider the
 * login was sent to. Provider A is honest and says it sends {@code iss} with its responses;
 * provider B is the attacker's, trusted by another tenant.
 */
class OidcMixUpTests {

    private static final URI CALLBACK = URI.create("https://app.example/oidc/callback");

    private TestProvider honest;
    private TestProvider attacker;
    private OidcVerifier verifier;
    private OidcLogin login;

    @BeforeEach
    void start() throws IOException {
        honest = new TestProvider(TestTokens.RSA, "app-at-a", "\"authorization_response_iss_parameter_supported\":true");
        attacker = new TestProvider(TestTokens.RSA_NEXT, "app-at-b");
        honest.answerUserInfo("{\"sub\":\"248289761001\",\"read_at\":\"A\"}");
        attacker.answerUserInfo("{\"sub\":\"248289761001\",\"read_at\":\"B\"}");
        OidcProviders providers = OidcProviders.of(honest.discover("secret-a").mergeUserInfo(true).build(),
                attacker.discover("secret-b").mergeUserInfo(true).build());
        verifier = OidcVerifier.builder().providers(providers).build();
        login = OidcLogin.builder().providers(providers).verifier(verifier).build();
    }

    @AfterEach
    void stop() {
        honest.close();
        attacker.close();
    }

    private static Map<String, String> callback(OidcRedirect redirect, String iss) {
        return iss == null ? Map.of("code", "c-1", "state", redirect.pending().state())
                : Map.of("code", "c-1", "state", redirect.pending().state(), "iss", iss);
    }

    @Test
    void completeWhenTheAttackersTokenEndpointAnswersWithTheHonestProvidersTokenThenIssuerMismatch() {
        // The attacker had the victim sign in at A with this login's nonce and redeemed the code at A itself.
        OidcRedirect redirect = login.start(attacker.issuer(), CALLBACK, OidcLoginOptions.defaults());
        attacker.answerTokenRequests(honest.idToken(redirect.pending().nonce(), Instant.now()));

        assertRefused(() -> login.complete(callback(redirect, null), redirect.pending()), JitErrorCodes.ISSUER_MISMATCH);
        assertThat(honest.tokenRequests()).isEmpty();
        assertThat(attacker.tokenRequests()).singleElement().satisfies(request -> assertThat(request.getHeader("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("app-at-b:secret-b".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void completeWhenALoginSentToTheHonestProviderGetsTheAttackersTokenThenIssuerMismatch() {
        OidcRedirect redirect = login.start(honest.issuer(), CALLBACK, OidcLoginOptions.defaults());
        honest.answerTokenRequests(attacker.idToken(redirect.pending().nonce(), Instant.now()));

        assertRefused(() -> login.complete(callback(redirect, honest.issuer()), redirect.pending()),
                JitErrorCodes.ISSUER_MISMATCH);
    }

    @Test
    void completeWhenTheTokenIsForAnotherClientOfTheSameProviderThenAudienceMismatch() {
        OidcRedirect redirect = login.start(honest.issuer(), CALLBACK, OidcLoginOptions.defaults());
        honest.answerTokenRequests(honest.sign(TestTokens.aliceClaims(Instant.now()).issuer(honest.issuer())
                .audience(attacker.clientId()).claim("nonce", redirect.pending().nonce())));

        assertRefused(() -> login.complete(callback(redirect, honest.issuer()), redirect.pending()),
                JitErrorCodes.AUDIENCE_MISMATCH);
    }

    @Test
    void completeWhenCallbackIssNamesAnotherProviderThenIssuerMismatchAndNoCodeIsRedeemed() {
        OidcRedirect redirect = login.start(attacker.issuer(), CALLBACK, OidcLoginOptions.defaults());

        assertRefused(() -> login.complete(callback(redirect, honest.issuer()), redirect.pending()),
                JitErrorCodes.ISSUER_MISMATCH);
        assertThat(honest.tokenRequests()).isEmpty();
        assertThat(attacker.tokenRequests()).isEmpty();
    }

    @Test
    void completeWhenProviderAdvertisesRfc9207AndCallbackLacksIssThenIssuerMismatchAndNoCodeIsRedeemed() {
        OidcRedirect redirect = login.start(honest.issuer(), CALLBACK, OidcLoginOptions.defaults());

        assertRefused(() -> login.complete(callback(redirect, null), redirect.pending()), JitErrorCodes.ISSUER_MISMATCH);
        assertRefused(() -> login.complete(Map.of("state", redirect.pending().state(), "error", "access_denied"),
                redirect.pending()), JitErrorCodes.ISSUER_MISMATCH);
        assertThat(honest.tokenRequests()).isEmpty();
    }

    @Test
    void completeWhenIssMatchesOrTheProviderDoesNotAdvertiseRfc9207ThenSignedInWithThatProvidersUserInfo() {
        OidcRedirect atHonest = login.start(honest.issuer(), CALLBACK, OidcLoginOptions.defaults());
        honest.answerTokenRequests(honest.idToken(atHonest.pending().nonce(), Instant.now()));
        OidcRedirect atAttacker = login.start(attacker.issuer(), CALLBACK, OidcLoginOptions.defaults());
        attacker.answerTokenRequests(attacker.idToken(atAttacker.pending().nonce(), Instant.now()));

        VerifiedIdentity fromHonest = login.complete(callback(atHonest, honest.issuer()), atHonest.pending());
        VerifiedIdentity fromAttacker = login.complete(callback(atAttacker, null), atAttacker.pending());

        assertThat(fromHonest.issuer()).isEqualTo(honest.issuer());
        assertThat(fromHonest.attributes().get("read_at")).containsExactly("A");
        assertThat(fromAttacker.issuer()).isEqualTo(attacker.issuer());
        assertThat(fromAttacker.attributes().get("read_at")).containsExactly("B");
    }

    @Test
    void discoverWhenMetadataSaysIssParameterSupportedThenTheProviderRequiresIt() throws IOException {
        assertThat(honest.discover("s").build().authorizationResponseIssParameterSupported()).isTrue();
        assertThat(attacker.discover("s").build().authorizationResponseIssParameterSupported()).isFalse();
    }

    @Test
    void verifyIdTokenWhenAskedAsOneProviderAndTheTokenIsAnothersThenIssuerMismatch() {
        String fromHonest = honest.idToken("n-1", Instant.now());

        assertRefused(() -> verifier.verifyIdToken(fromHonest, attacker.issuer(), IdTokenExpectations.nonce("n-1")),
                JitErrorCodes.ISSUER_MISMATCH);
        assertThat(verifier.verifyIdToken(fromHonest, honest.issuer(), IdTokenExpectations.nonce("n-1")).issuer())
                .isEqualTo(honest.issuer());
        assertThatIllegalArgumentException().isThrownBy(() -> verifier.verifyIdToken(fromHonest, "https://nowhere.test",
                IdTokenExpectations.none())).withMessage("Provider [https://nowhere.test] is not configured");
    }
}
