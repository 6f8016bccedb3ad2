package io.jitprov.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

final class OidcFixture {

    private OidcFixture() {
    }

    static OidcVerifier verifier(OidcProvider provider) {
        return verifierAt(TestTokens.NOW, provider);
    }

    static OidcVerifier verifierAt(Instant now, OidcProvider provider) {
        return OidcVerifier.builder().providers(OidcProviders.of(provider)).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    static void assertRefused(ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(JitAuthenticationException.class,
                e -> assertThat(e.errors()).extracting(JitError::code).contains(code));
    }
}
