package io.jitprov.servlet;

import io.jitprov.core.Account;
import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.elevation.AccessGrant;
import java.io.Serializable;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The person (or workload) a session belongs to, as {@code request.getUserPrincipal()} returns it:
 * the local account and tenant, its roles, the grants active for this request, and how it
 * authenticated. When {@link JitLogin} knows the account store, roles and grants are read again
 * on every request, so a disabled account, a removed role or an ended grant counts at once.
 *
 * @since 0.1
 */
public final class JitPrincipal implements Principal, Serializable {

    private static final long serialVersionUID = 2L;

    /** The account signed in. */
    private final String accountId;
    /** The account's tenant. */
    private final String tenantId;
    /** The account's verified email, if any. */
    private final @Nullable String email;
    /** The roles held now: the account's and its active grants'. */
    private final Set<String> roles;
    /** The identity provider the person signed in through. */
    private final IdpRoute route;
    /** The subject the IdP asserted. */
    private final String subject;
    /** The IdP session, for logout. */
    private final @Nullable String sessionIndex;
    /** The SAML AuthnContextClassRef of the login, if any. */
    private final @Nullable String authnContextClass;
    /** The OIDC {@code acr} of the login, if any. */
    private final @Nullable String acr;
    /** The OIDC {@code amr} of the login. */
    private final List<String> amr;
    /** When the person authenticated at the IdP, if known. */
    private final @Nullable Instant authnInstant;
    /** When this session's login was accepted. */
    private final Instant loggedInAt;
    /** Read for one request, never kept in the session. */
    private final transient List<AccessGrant> activeGrants;

    JitPrincipal(Account account, VerifiedIdentity identity, IdpRoute.Protocol protocol, Instant loggedInAt) {
        this.accountId = account.id();
        this.tenantId = account.tenantId();
        this.email = verifiedEmail(account);
        this.roles = Set.copyOf(account.roleNames());
        this.route = new IdpRoute(protocol, identity.issuer());
        this.subject = identity.subject();
        this.sessionIndex = identity.sessionIndex().orElse(null);
        this.authnContextClass = identity.authnContextClass().orElse(null);
        this.acr = identity.acr().orElse(null);
        this.amr = List.copyOf(identity.amr());
        this.authnInstant = identity.authnInstant().orElse(null);
        this.loggedInAt = Objects.requireNonNull(loggedInAt);
        this.activeGrants = List.of();
    }

    private JitPrincipal(JitPrincipal login, Account account, List<AccessGrant> grants) {
        this.accountId = login.accountId;
        this.tenantId = login.tenantId;
        this.email = verifiedEmail(account);
        Set<String> all = new TreeSet<>(account.roleNames());
        grants.forEach(g -> all.add(g.role()));
        this.roles = Set.copyOf(all);
        this.route = login.route;
        this.subject = login.subject;
        this.sessionIndex = login.sessionIndex;
        this.authnContextClass = login.authnContextClass;
        this.acr = login.acr;
        this.amr = login.amr;
        this.authnInstant = login.authnInstant;
        this.loggedInAt = login.loggedInAt;
        this.activeGrants = List.copyOf(grants);
    }

    /** This login as of now: the account's current roles and the grants active now. */
    JitPrincipal current(Account account, List<AccessGrant> grants) {
        return new JitPrincipal(this, account, grants);
    }

    /** A directory's email is shown by the account, not vouched for by the principal. */
    private static @Nullable String verifiedEmail(Account account) {
        return account.emailVerified() ? account.email() : null;
    }

    /** The verified email when the account has one, else the account id. */
    @Override
    public String getName() {
        return email != null ? email : accountId;
    }

    /** The id of the account signed in; read it again from the store for anything beyond its roles. */
    public String accountId() {
        return accountId;
    }

    /** The tenant of the account signed in. */
    public String tenantId() {
        return tenantId;
    }

    /** The account's verified email, if any. */
    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    /** Every role the account holds (mapped or manual) and every role an active grant gives. */
    public Set<String> roles() {
        return roles;
    }

    /** The grants that give a role during this request, each with its expiry. */
    public List<AccessGrant> activeGrants() {
        return activeGrants == null ? List.of() : activeGrants;
    }

    /** The SAML entityID or OIDC issuer the person signed in through. */
    public String issuer() {
        return route.id();
    }

    /** The subject that IdP asserted. */
    public String subject() {
        return subject;
    }

    /** The IdP session (SAML SessionIndex, OIDC sid) this login belongs to. */
    public Optional<String> sessionIndex() {
        return Optional.ofNullable(sessionIndex);
    }

    /** The authentication strength the IdP attested (OIDC acr, SAML AuthnContextClassRef). */
    public Optional<String> authnContext() {
        return Optional.ofNullable(acr != null ? acr : authnContextClass);
    }

    /** When the person authenticated at the IdP, if known; step-up compares it with the clock. */
    public Optional<Instant> authnInstant() {
        return Optional.ofNullable(authnInstant);
    }

    /** How and when this session authenticated, as step-up checks read it. */
    public AuthenticationContext authentication() {
        return new AuthenticationContext(authnInstant, authnContextClass, acr, amr);
    }

    /** When this session's login was accepted. */
    public Instant loggedInAt() {
        return loggedInAt;
    }

    /** The identity provider this session signed in through. */
    IdpRoute route() {
        return route;
    }

    @Override
    public String toString() {
        return "JitPrincipal[" + getName() + " of " + tenantId + ", roles " + roles + "]";
    }
}
