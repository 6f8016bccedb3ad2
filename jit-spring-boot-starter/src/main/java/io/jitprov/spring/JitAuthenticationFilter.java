package io.jitprov.spring;

import io.jitprov.servlet.JitPrincipal;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * Puts the person {@link io.jitprov.servlet.JitFilter} found for this request into Spring
 * Security's context, for this request only: jit's session is where sign-in lives, and it is read
 * again on every request, so a disabled account or an ended grant shows at once. It runs on every
 * dispatch, error pages included, so a 403's error page still knows who is signed in.
 *
 * <p>Without a person, a {@link JitAuthentication} that Spring loaded from elsewhere (a context an
 * application or a legacy {@code SecurityContextPersistenceFilter} saved in the session) is
 * dropped: only jit says who is signed in. On the first request of each jit sign-in, Spring's CSRF
 * token is made anew, as Spring's own logins do ({@code CsrfAuthenticationStrategy}): jit renames
 * the session at sign-in, but a token learnt by whoever fixed the session before must not outlive it.
 */
final class JitAuthenticationFilter implements Filter {

    /** The sign-in Spring's CSRF token was last made anew for, in the session. */
    static final String SIGNED_IN = JitAuthenticationFilter.class.getName() + ".SIGNED_IN";

    private final SecurityContextHolderStrategy contexts;
    private final CsrfTokenRepository csrfTokens;

    JitAuthenticationFilter(SecurityContextHolderStrategy contexts, CsrfTokenRepository csrfTokens) {
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getUserPrincipal() instanceof JitPrincipal principal) {
            newSignIn(http, (HttpServletResponse) response, principal);
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(new JitAuthentication(principal));
            contexts.setContext(context);
        } else if (contexts.getContext().getAuthentication() instanceof JitAuthentication) {
            contexts.clearContext(); // saved by someone, but jit no longer knows this person here
        }
        chain.doFilter(request, response);
    }

    private void newSignIn(HttpServletRequest request, HttpServletResponse response, JitPrincipal principal) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        String signIn = principal.accountId() + "@" + principal.loggedInAt();
        synchronized (session) {
            if (signIn.equals(session.getAttribute(SIGNED_IN))) {
                return;
            }
            session.setAttribute(SIGNED_IN, signIn);
        }
        csrfTokens.saveToken(null, request, response);
    }

    static SecurityContextHolderStrategy defaultContexts() {
        return SecurityContextHolder.getContextHolderStrategy();
    }
}
