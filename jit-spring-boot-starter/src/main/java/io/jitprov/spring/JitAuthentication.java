package io.jitprov.spring;

import io.jitprov.servlet.JitPrincipal;
import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A person signed in through jit, as Spring Security sees them: the principal is their
 * {@link JitPrincipal}, the authorities their roles as {@code ROLE_<role>} (mapped from the IdP's
 * groups, given by hand, and granted for a time: a grant's role is gone on the first request after
 * it ends), so that {@code hasRole("admin")} and {@code @PreAuthorize} work. Made afresh on every
 * request from what jit read of the account then.
 *
 * @since 0.1
 */
public final class JitAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final JitPrincipal principal;

    JitAuthentication(JitPrincipal principal) {
        super(authorities(principal));
        this.principal = principal;
        setAuthenticated(true);
    }

    private static Collection<GrantedAuthority> authorities(JitPrincipal principal) {
        return principal.roles().stream().sorted().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }

    @Override
    public JitPrincipal getPrincipal() {
        return principal;
    }

    /** None: jit verified the IdP's answer at sign-in and keeps no credential. */
    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JitAuthentication that && super.equals(that) && principal.equals(that.principal);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + principal.hashCode();
    }
}
