package io.jitprov.servlet;

import io.jitprov.core.Account;
import io.jitprov.core.VerifiedIdentity;
import java.io.Serializable;
import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The person (or workload) a session belongs to, as {@code request.getUserPrincipal()} returns it:
 * the local account and tenant, the roles it held at login, and how it authenticated.
 *
 * @since 0.1
 */
public final class JitPrincipal implements Principal, Serializable {

    private static final long serialVersionUID = 1L;

    private final String accountId;
    private final String tenantId;
    private final @Nullable String email;
    private final Set<String> roles;
    private final String issuer;
    private final String subject;
    private final @Nullable String sessionIndex;
    private final @Nullable String authnContext;
    private final @Nullable Instant authnInstant;
    private final Instant loggedInAt;

    JitPrincipal(Account account, VerifiedIdentity identity, Instant loggedInAt) {
        this.accountId = account.id();
        this.tenantId = account.tenantId();
        this.email = account.email();
        this.roles = Set.copyOf(account.roleNames());
        this.issuer = identity.issuer();
        this.subject = identity.subject();
        this.sessionIndex = identity.sessionIndex().orElse(null);
        this.authnContext = identity.acr().or(identity::authnContextClass).orElse(null);
        this.authnInstant = identity.authnInstant().orElse(null);
        this.loggedInAt = Objects.requireNonNull(loggedInAt);
    }

    /** The email when the account has one, else the account id. */
    @Override
    public String getName() {
        return email != null ? email : accountId;
    }

    public String accountId() {
        return accountId;
    }

    public String tenantId() {
        return tenantId;
    }

    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    /** Every role the account held at login, whatever its source. */
    public Set<String> roles() {
        return roles;
    }

    public String issuer() {
        return issuer;
    }

    public String subject() {
        return subject;
    }

    /** The IdP session (SAML SessionIndex, OIDC sid) this login belongs to. */
    public Optional<String> sessionIndex() {
        return Optional.ofNullable(sessionIndex);
    }

    /** The authentication strength the IdP attested (OIDC acr, SAML AuthnContextClassRef). */
    public Optional<String> authnContext() {
        return Optional.ofNullable(authnContext);
    }

    public Optional<Instant> authnInstant() {
        return Optional.ofNullable(authnInstant);
    }

    public Instant loggedInAt() {
        return loggedInAt;
    }

    @Override
    public String toString() {
        return "JitPrincipal[" + getName() + " of " + tenantId + ", roles " + roles + "]";
    }
}
