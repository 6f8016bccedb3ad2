package io.jitprov.core;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How and when the person authenticated at the IdP in the session that asks for something:
 * what step-up requirements are checked against.
 *
 * @param authnInstant when the IdP authenticated them (SAML AuthnInstant, OIDC {@code auth_time})
 * @param authnContextClass the SAML AuthnContextClassRef, when SAML
 * @param acr the OIDC {@code acr}, when OIDC
 * @param amr the OIDC {@code amr} values (RFC 8176), when sent
 * @since 0.1
 */
public record AuthenticationContext(@Nullable Instant authnInstant, @Nullable String authnContextClass,
        @Nullable String acr, List<String> amr) {

    /** Copies the {@code amr} values. */
    public AuthenticationContext {
        amr = List.copyOf(amr);
    }

    /** What a verified login says about its authentication. */
    public static AuthenticationContext of(VerifiedIdentity identity) {
        return new AuthenticationContext(identity.authnInstant().orElse(null), identity.authnContextClass().orElse(null),
                identity.acr().orElse(null), identity.amr());
    }

    /** Nothing known: satisfies no step-up requirement. */
    public static AuthenticationContext unknown() {
        return new AuthenticationContext(null, null, null, List.of());
    }
}
