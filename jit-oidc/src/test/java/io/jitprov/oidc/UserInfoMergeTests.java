package io.jitprov.oidc;

import static io.jitprov.oidc.OidcFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UserInfo claims (OIDC Core 5.3) merged into a login's identity: they become attributes by the
 * same rules as the ID token's claims, and the ID token's word stands where both speak.
 */
class UserInfoMergeTests {

    private TestProvider provider;

    @BeforeEach
    void start() {
        provider = new TestProvider(TestTokens.RSA, TestTokens.CLIENT_ID);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    /** A login whose ID token has Alice's claims as {@code idToken} changes them, merged with {@code userInfo}. */
    private VerifiedIdentity login(UnaryOperator<OidcProvider.Builder> settings, UnaryOperator<JWTClaimsSet.Builder> idToken,
            String userInfo) throws IOException {
        OidcProvider op = settings.apply(provider.discover("s3cret").mergeUserInfo(true)).build();
        OidcProviders providers = OidcProviders.of(op);
        OidcLogin login = OidcLogin.builder().providers(providers)
                .verifier(OidcVerifier.builder().providers(providers).build()).build();
        OidcRedirect redirect = login.start(provider.issuer(), URI.create("https://app.example/cb"),
                OidcLoginOptions.defaults());
        provider.answerTokenRequests(provider.sign(idToken.apply(TestTokens.aliceClaims(Instant.now())
                .issuer(provider.issuer()).claim("nonce", redirect.pending().nonce()))));
        provider.answerUserInfo(userInfo);
        return login.complete(Map.of("code", "c", "state", redirect.pending().state()), redirect.pending());
    }

    private VerifiedIdentity login(UnaryOperator<JWTClaimsSet.Builder> idToken, String userInfo) throws IOException {
        return login(op -> op, idToken, userInfo);
    }

    @Test
    void completeWhenGroupsComeOnlyFromUserInfoThenEachGroupIsOneValue() throws IOException {
        VerifiedIdentity identity = login(claims -> claims.claim("groups", null),
                "{\"sub\":\"248289761001\",\"groups\":[\"engineering\",\"acme-admins\"]}");

        assertThat(identity.attributes().get("groups")).containsExactly("engineering", "acme-admins");
    }

    @Test
    void completeWhenUserInfoClaimsAreNumbersBooleansObjectsOrNestedArraysThenTheIdTokensRulesApply()
            throws IOException {
        VerifiedIdentity identity = login(claims -> claims, "{\"sub\":\"248289761001\",\"employee_number\":42,"
                + "\"cost_share\":0.5,\"contractor\":false,\"address\":{\"country\":\"NZ\"},"
                + "\"teams\":[\"blue\",[\"nested\"],null,7,{\"id\":\"red\"}],\"manager\":null}");

        assertThat(identity.attributes().get("employee_number")).containsExactly("42");
        assertThat(identity.attributes().get("cost_share")).containsExactly("0.5");
        assertThat(identity.attributes().get("contractor")).containsExactly("false");
        assertThat(identity.attributes().get("address")).containsExactly("{\"country\":\"NZ\"}");
        assertThat(identity.attributes().get("teams")).containsExactly("blue", "7", "{\"id\":\"red\"}");
        assertThat(identity.attributes()).doesNotContainKeys("manager", "sub");
    }

    @Test
    void completeWhenProviderTakesGroupsFromAnotherClaimThenUserInfoFollowsTheSameRule() throws IOException {
        VerifiedIdentity identity = login(op -> op.groupsClaim("roles"), claims -> claims.claim("groups", null),
                "{\"sub\":\"248289761001\",\"roles\":[\"acme-admins\"],\"groups\":[\"means-something-else\"]}");

        assertThat(identity.attributes().get("groups")).containsExactly("acme-admins");
    }

    @Test
    void completeWhenBothSpeakThenTheIdTokenWinsAndUserInfoProtocolClaimsAreNoAttributes() throws IOException {
        VerifiedIdentity identity = login(claims -> claims, "{\"sub\":\"248289761001\",\"iss\":\"https://elsewhere\","
                + "\"aud\":\"other\",\"email\":\"other@acme.test\",\"groups\":[\"acme-admins\"]}");

        assertThat(identity.attributes().get("email")).containsExactly("alice@acme.test");
        assertThat(identity.attributes().get("groups")).containsExactly("acme-staff", "acme-eng-backend");
        assertThat(identity.attributes()).doesNotContainKeys("iss", "aud", "sub");
    }

    @Test
    void completeWhenUserInfoVouchesForAnotherEmailThanTheIdTokensThenTheEmailStaysUnverified() throws IOException {
        VerifiedIdentity identity = login(claims -> claims.claim("email_verified", null),
                "{\"sub\":\"248289761001\",\"email\":\"mallory@evil.test\",\"email_verified\":true}");

        assertThat(identity.attributes().get("email")).containsExactly("alice@acme.test");
        assertThat(identity.emailVerified()).isFalse();
    }

    @Test
    void completeWhenTheEmailAndItsVerificationComeFromUserInfoThenVerified() throws IOException {
        VerifiedIdentity identity = login(claims -> claims.claim("email", null).claim("email_verified", null),
                "{\"sub\":\"248289761001\",\"email\":\"alice@acme.test\",\"email_verified\":true}");

        assertThat(identity.attributes().get("email")).containsExactly("alice@acme.test");
        assertThat(identity.emailVerified()).isTrue();
    }

    @Test
    void completeWhenTheIdTokenVerifiedTheEmailAnotherWayAndUserInfoIsSilentThenStillVerified() throws IOException {
        VerifiedIdentity identity = login(claims -> claims.claim("email_verified", null).claim("xms_edov", true),
                "{\"sub\":\"248289761001\"}");

        assertThat(identity.emailVerified()).isTrue();
    }

    @Test
    void completeWhenUserInfoDescribesAnotherSubjectThenRefused() {
        assertRefused(() -> login(claims -> claims, "{\"sub\":\"someone-else\"}"), JitErrorCodes.USERINFO_SUBJECT_MISMATCH);
    }
}
