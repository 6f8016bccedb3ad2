package io.jitprov.spring;

import static org.springframework.security.config.Customizer.withDefaults;

import io.jitprov.servlet.JitLogin;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * When the application has Spring Security but no filter chain of its own: one where jit signs
 * people in and every other request but error pages needs a signed-in person (Boot's own default
 * asks for a password instead). An application that declares its own chain adds
 * {@link JitSecurityConfigurer#jit()} to it.
 *
 * @since 0.1
 */
// By name: Boot 3.5 and Boot 4 keep Spring Security's auto-configuration in different packages.
@AutoConfiguration(after = JitAutoConfiguration.class, beforeName = {
    "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
    "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnBean(JitLogin.class)
public class JitSecurityAutoConfiguration {

    /**
     * Nobody signs in with a password: without this, Boot would make a user with a generated
     * password and print it. An application that wants password users declares its own.
     */
    @Bean
    @ConditionalOnMissingBean({UserDetailsService.class, AuthenticationManager.class, AuthenticationProvider.class})
    UserDetailsService jitNoPasswordUsers() {
        return new InMemoryUserDetailsManager();
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain jitSecurityFilterChain(HttpSecurity http) throws Exception {
        return http.with(JitSecurityConfigurer.jit(), withDefaults())
                // Error pages for all: else a 400 or 404 of someone not signed in becomes a redirect
                // to the sign-in page (to come back to /error), and an API client's error a 401.
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().authenticated())
                .build();
    }
}
