package io.jitprov.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The service provider, IdP and verifier the SAML tests share. */
final class SamlFixture {

    private SamlFixture() {
    }

    static SamlIdentityProvider.Builder idp(SamlCredential... signers) {
        return SamlMetadata.parseIdentityProvider(TestResponse.idpMetadata(TestResponse.IDP,
                        signers.length == 0 ? new SamlCredential[] {TestKeys.IDP} : signers))
                .emailsVerified(true)
                .groupAttributes("memberOf");
    }

    static SamlServiceProvider sp() {
        return SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS)
                .decryptionCredential(TestKeys.SP).build();
    }

    static SamlVerifier.Builder verifier(SamlIdentityProvider idp) {
        return verifierAt(TestResponse.NOW, idp);
    }

    static SamlVerifier.Builder verifierAt(Instant now, SamlIdentityProvider idp) {
        return SamlVerifier.builder().serviceProvider(sp()).identityProviders(SamlIdentityProviders.of(idp))
                .clock(Clock.fixed(now, ZoneOffset.UTC));
    }

    static SamlVerifier verifier() {
        return verifier(idp().build()).build();
    }

    static PendingAuthnRequest request() {
        return new PendingAuthnRequest(TestResponse.REQUEST_ID, TestResponse.IDP);
    }

    /** Asserts the call is refused and that {@code code} is among the reasons. */
    static void assertRefused(ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(JitAuthenticationException.class,
                e -> assertThat(e.errors()).extracting(JitError::code).contains(code));
    }
}
