package io.jitprov.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one connection is doing, for its tenant's admins and the back office: whether it takes
 * logins, the last sign-in through it, the last refusals (with the reference the refused person
 * was shown), whether its IdP's metadata or discovery document can be read, and when its signing
 * certificates expire ({@link JitRegistry#health}).
 *
 * @param connectionId the connection
 * @param tenantId its tenant
 * @param active whether it takes logins (false for a draft)
 * @param protocol {@code saml} or {@code oidc}
 * @param idp the IdP's entity ID or issuer
 * @param lastSignIn when someone last signed in through it; null when no sign-in is remembered
 * @param refusals the latest refusals, newest first
 * @param refreshed whether its metadata is read from a URL and refreshed
 * @param readFailure why its metadata or discovery document cannot be read now; null when it can
 * @param certificates its signing certificates (SAML), soonest to expire first
 * @since 0.1
 */
public record ConnectionHealth(String connectionId, String tenantId, boolean active, String protocol, String idp,
        @Nullable Instant lastSignIn, List<Refused> refusals, boolean refreshed, @Nullable String readFailure,
        List<Certificate> certificates) {

    /** Copies the lists; refuses missing components. */
    public ConnectionHealth {
        Objects.requireNonNull(connectionId, "connectionId cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(protocol, "protocol cannot be null");
        Objects.requireNonNull(idp, "idp cannot be null");
        refusals = List.copyOf(refusals);
        certificates = List.copyOf(certificates);
    }

    /**
     * One refused sign-in.
     *
     * @param at when
     * @param reference the correlation ID the refused person was shown
     * @param code the refusal code
     * @param description what was wrong, naming the values
     * @param meaning what the code means, in plain words; null for a code of the application's own
     * @param fix what the IdP's admin changes about it; null for a code of the application's own
     */
    public record Refused(Instant at, String reference, String code, String description, @Nullable String meaning,
            @Nullable String fix) { }

    /**
     * One signing certificate of the IdP.
     *
     * @param subject its subject's distinguished name
     * @param expiresAt its {@code notAfter}
     */
    public record Certificate(String subject, Instant expiresAt) { }
}
