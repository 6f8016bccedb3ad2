package io.jitprov.spring;

import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextPersistenceFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Joins jit to a Spring Security filter chain: jit serves its endpoints (sign-in, SAML and OpenID
 * Connect, logout, SCIM, setup pages) before Spring's CSRF and authorization filters see them
 * (they carry their own defences), the person it finds is an {@link JitAuthentication} with their
 * roles as authorities, and a request that needs a sign-in goes to jit's login page.
 *
 * <pre>
 * &#64;Bean
 * SecurityFilterChain app(HttpSecurity http) throws Exception {
 *     return http.with(JitSecurityConfigurer.jit(), Customizer.withDefaults())
 *             .authorizeHttpRequests(requests -&gt; requests
 *                     .requestMatchers("/admin/**").hasRole("admin")
 *                     .anyRequest().authenticated())
 *             .build();
 * }
 * </pre>
 *
 * Authorization stays Spring Security's: leave {@code jit.protected-paths} empty and say who may
 * reach what in {@code authorizeHttpRequests}. Sign out through jit ({@code POST /sso/logout}
 * with jit's CSRF token) or through Spring's {@code /logout} (with Spring's): either ends the
 * session and the elevated grants asked for in it.
 *
 * @since 0.1
 */
public final class JitSecurityConfigurer extends AbstractHttpConfigurer<JitSecurityConfigurer, HttpSecurity> {

    private JitSecurityConfigurer() {
    }

    /** The configurer, for {@code http.with(jit(), Customizer.withDefaults())}. */
    public static JitSecurityConfigurer jit() {
        return new JitSecurityConfigurer();
    }

    @Override
    public void init(HttpSecurity http) {
        JitLogin login = context(http).getBean(JitLogin.class);
        try {
            http.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                    (request, response, refused) -> login.challenge(request, response), AnyRequestMatcher.INSTANCE));
        } catch (Exception e) {
            // Spring Security 6 declares Exception here, 7 nothing: one configurer for both.
            throw new IllegalStateException("jit could not set Spring Security's entry point", e);
        }
        // Spring's /logout ends the session; jit's grants asked for in it end with it, as at /sso/logout.
        // Only where the application kept Spring's logout: a logout it turned off stays off.
        @SuppressWarnings("unchecked")
        LogoutConfigurer<HttpSecurity> logout = http.getConfigurer(LogoutConfigurer.class);
        if (logout != null) {
            logout.addLogoutHandler((request, response, authentication) -> login.endSessionGrants(request));
        }
    }

    @Override
    @SuppressWarnings("deprecation") // SecurityContextPersistenceFilter: only where the filters go
    public void configure(HttpSecurity http) {
        ApplicationContext context = context(http);
        SecurityContextHolderStrategy contexts = context.getBeanProvider(SecurityContextHolderStrategy.class)
                .getIfAvailable(JitAuthenticationFilter::defaultContexts);
        // Spring's CSRF token is made anew at each jit sign-in: in the application's repository when it
        // declares one as a bean, else in Spring's default one (the session).
        CsrfTokenRepository csrfTokens = context.getBeanProvider(CsrfTokenRepository.class)
                .getIfUnique(HttpSessionCsrfTokenRepository::new);
        // After whichever filter loads Spring's context: SecurityContextHolderFilter, or, with
        // requireExplicitSave(false), SecurityContextPersistenceFilter, which comes right after it and
        // would otherwise overwrite the person jit found with what it loaded from the session.
        http.addFilterAfter(new HeadersFirst(), SecurityContextPersistenceFilter.class);
        http.addFilterAfter(context.getBean(JitFilter.class), HeadersFirst.class);
        http.addFilterAfter(new JitAuthenticationFilter(contexts, csrfTokens), JitFilter.class);
    }

    /**
     * Reads the headers jit reads before jit does, so that Spring's firewall refuses one it would not
     * pass (a control character, say) as it refuses everything else, with a 400: read first inside
     * jit, its exception would be a bug of jit's, answered 500 and logged as an error.
     */
    static final class HeadersFirst implements Filter {

        static final List<String> READ_BY_JIT = List.of("Accept", "Origin", "Sec-Fetch-Site", "X-CSRF-Token",
                "Authorization");

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http) {
                READ_BY_JIT.forEach(http::getHeader);
            }
            chain.doFilter(request, response);
        }
    }

    private static ApplicationContext context(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (context == null) {
            throw new IllegalStateException("jit() needs the HttpSecurity of a Spring application context");
        }
        return context;
    }
}
