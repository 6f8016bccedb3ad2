package io.jitprov.sample;

import static org.springframework.security.config.Customizer.withDefaults;

import io.jitprov.spring.JitSecurityConfigurer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Spring Boot application whose people sign in through their organisation's IdP with jit: the
 * settings are in {@code application.yml} under {@code jit.}, the security chain is the
 * application's own with jit joined to it, and roles come from the IdP's groups.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.with(JitSecurityConfigurer.jit(), withDefaults())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/error").permitAll()
                        .requestMatchers("/admin/**", "/actuator/**").hasRole("admin")
                        .anyRequest().authenticated())
                .build();
    }
}
