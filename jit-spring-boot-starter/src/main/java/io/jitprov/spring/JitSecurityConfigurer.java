package io.jitprov.spring;

import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextHolderFilter;
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
 * with the CSRF token), which ends jit's session; Spring's {@code /logout} ends nothing of jit's.
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
    }

    @Override
    public void configure(HttpSecurity http) {
        ApplicationContext context = context(http);
        SecurityContextHolderStrategy contexts = context.getBeanProvider(SecurityContextHolderStrategy.class)
                .getIfAvailable(JitAuthenticationFilter::defaultContexts);
        http.addFilterAfter(context.getBean(JitFilter.class), SecurityContextHolderFilter.class);
        http.addFilterAfter(new JitAuthenticationFilter(contexts), JitFilter.class);
    }

    private static ApplicationContext context(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        if (context == null) {
            throw new IllegalStateException("jit() needs the HttpSecurity of a Spring application context");
        }
        return context;
    }
}
