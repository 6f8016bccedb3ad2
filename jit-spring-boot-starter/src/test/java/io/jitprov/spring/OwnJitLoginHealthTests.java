package io.jitprov.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.config.JitConfiguration;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Every bean gives way to one of yours: declare a JitLogin (built however you like)". The starter's
 * health state (a package-private class the application cannot reach) is then told of no stores: the
 * node must not report DOWN, and with it /actuator/health, for as long as it runs.
 */
@SpringBootTest(classes = OwnJitLoginHealthTests.OwnLoginApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"management.endpoints.web.exposure.include=health",
            "management.endpoint.health.show-details=always"})
class OwnJitLoginHealthTests {

    static final int PORT = BootBrowser.freePort();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry properties) {
        properties.add("server.port", () -> PORT);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class OwnLoginApp {

        /** The application's own JitLogin, on in-memory stores, with no observer of the starter's. */
        @Bean
        JitLogin jitLogin() {
            return JitConfiguration.fromSettings(Map.of("base-url", "http://127.0.0.1:" + PORT,
                    "tenants[0].id", "acme", "tenants[0].domains[0]", "acme.test",
                    "identity-providers[0].id", "test",
                    "identity-providers[0].oidc.issuer", "https://idp.acme.test",
                    "identity-providers[0].oidc.client-id", "jit",
                    "identity-providers[0].oidc.client-secret.env", "JIT_SECRET",
                    "tenants[0].identity-providers[0]", "test"))
                    .environment(name -> "s3cret-s3cret-s3cret-s3cret").load().build();
        }

        @Bean
        JitFilter jitFilter(JitLogin login) {
            return new JitFilter(login);
        }

        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
    }

    @Test
    void anApplicationsOwnJitLoginDoesNotMakeTheNodeDown() throws Exception {
        HttpResponse<String> all = new BootBrowser(PORT).getJson("/actuator/health");
        HttpResponse<String> jit = new BootBrowser(PORT).getJson("/actuator/health/jit");
        JsonNode health = new ObjectMapper().readTree(jit.body());

        assertThat(jit.statusCode()).as(jit.body()).isEqualTo(200);
        assertThat(health.path("status").asText()).as("the starter does not see its stores").isEqualTo("UNKNOWN");
        assertThat(all.statusCode()).as("the node's health: " + all.body()).isEqualTo(200);
    }
}
