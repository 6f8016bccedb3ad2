package io.jitprov.spring;

import static org.springframework.security.config.Customizer.withDefaults;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small Boot application with its own security chain: jit joined with http.with(jit(), ...). */
@SpringBootApplication
@EnableMethodSecurity
class SecuredApp {

    /** What Actuator would give: jit's meters land here. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    SecurityFilterChain app(HttpSecurity http) throws Exception {
        return http.with(JitSecurityConfigurer.jit(), withDefaults())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/public", "/actuator/health/**").permitAll()
                        .requestMatchers("/admin/**").hasRole("admin")
                        .anyRequest().authenticated())
                .build();
    }

    @RestController
    static class Pages {

        @GetMapping("/public")
        String open() {
            return "open to all";
        }

        @GetMapping("/me")
        String me(Authentication authentication) {
            JitAuthentication jit = (JitAuthentication) authentication;
            return "name=" + authentication.getName() + " tenant=" + jit.getPrincipal().tenantId() + " authorities="
                    + authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
                            .collect(Collectors.joining(","));
        }

        /** Spring's CSRF token, as a page of the application embeds it for its forms. */
        @GetMapping("/spring-csrf")
        String springCsrf(CsrfToken token) {
            return token.getToken();
        }

        @GetMapping("/admin/report")
        String report() {
            return "the admin report";
        }

        @GetMapping("/method")
        @PreAuthorize("hasRole('admin')")
        String method() {
            return "admins only, by annotation";
        }
    }
}
