package io.jitprov.spring;

import io.jitprov.servlet.JitPrincipal;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Puts the person {@link io.jitprov.servlet.JitFilter} found for this request into Spring
 * Security's context, for this request only: jit's session is where sign-in lives, and it is read
 * again on every request, so a disabled account or an ended grant shows at once. It runs on every
 * dispatch, error pages included, so a 403's error page still knows who is signed in.
 */
final class JitAuthenticationFilter implements Filter {

    private final SecurityContextHolderStrategy contexts;

    JitAuthenticationFilter(SecurityContextHolderStrategy contexts) {
        this.contexts = contexts;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getUserPrincipal() instanceof JitPrincipal principal) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(new JitAuthentication(principal));
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }

    static SecurityContextHolderStrategy defaultContexts() {
        return SecurityContextHolder.getContextHolderStrategy();
    }
}
