package io.jitprov.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestIdpExtension;
import io.jitprov.testidp.TestPerson;
import java.net.http.HttpResponse;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * jit's component of Actuator's health, read over HTTP from a real Tomcat as Actuator serves it:
 * UP with the IdP documents that fail named, DOWN only when jit's own tables cannot be read.
 */
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"management.endpoints.web.exposure.include=health",
            "management.endpoint.health.show-details=always"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JitHealthIndicatorTests {

    static final int PORT = BootBrowser.freePort();
    static final TestPerson BOB = TestPerson.withEmail("bob@acme.test").build();

    @RegisterExtension
    static final TestIdpExtension IDP = TestIdpExtension.with(b -> { });

    private final BootBrowser browser = new BootBrowser(PORT);
    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void jit(DynamicPropertyRegistry properties) {
        BootBrowser.oneTenant(properties, PORT, IDP);
    }

    private JsonNode jitHealth() throws Exception {
        HttpResponse<String> health = browser.getJson("/actuator/health/jit");
        assertThat(health.statusCode()).as(health.body()).isIn(200, 503);
        return json.readTree(health.body());
    }

    @Test
    @Order(1)
    void afterASignInJitIsUpWithItsStoreReadAndTheIdpsMetadataRead() throws Exception {
        browser.signIn(IDP.get(), BOB);

        JsonNode health = jitHealth();

        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("store").asText()).isEqualTo("up");
        assertThat(health.path("details").path("activeGrants").asInt()).isZero();
        assertThat(health.path("details").path("idpDocumentsRead").asInt()).isEqualTo(1);
        assertThat(health.path("details").path("idpDocumentsFailing")).isEmpty();
        assertThat(health.path("details").path("certificatesExpiringSoon")).isEmpty();
    }

    @Test
    @Order(2)
    void anIdpWhoseMetadataCannotBeReadAgainIsNamedButJitStaysUp() throws Exception {
        browser.signIn(IDP.get(), BOB);
        TestIdp idp = IDP.get();
        idp.signInAs(BOB).failNext(TestIdp.Failure.UNKNOWN_KEY);
        HttpResponse<String> login = browser.post("/sso/login", Map.of("email", BOB.email(), "return", "/me"));
        TestIdp.Answer signedByAnUnknownKey = idp.answer(login.headers().firstValue("Location").orElseThrow());
        idp.down();
        try {
            // The unknown key makes jit read the metadata again at once; the IdP answers 503.
            browser.post(signedByAnUnknownKey.url(), signedByAnUnknownKey.fields());

            JsonNode health = jitHealth();

            assertThat(health.path("status").asText()).as("one IdP down is no reason to take the node out").isEqualTo("UP");
            JsonNode failing = health.path("details").path("idpDocumentsFailing");
            assertThat(failing).hasSize(1);
            assertThat(failing.get(0).path("idp").asText()).isEqualTo(idp.samlEntityId());
            assertThat(failing.get(0).path("document").asText()).isEqualTo("saml_metadata");
            assertThat(failing.get(0).path("reason").asText()).contains("503");
            assertThat(failing.get(0).path("failingSince").asText()).isNotEmpty();
        } finally {
            idp.up();
        }
    }

    @Test
    @Order(3)
    void whenJitsTablesCannotBeReadJitIsDownAndSaysWhichPartWithoutInternals(@Autowired DataSource dataSource)
            throws Exception {
        // Not signed in: a signed-in request would be refused first, jit failing closed without its grants.
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("ALTER TABLE jit_access_grant RENAME TO jit_access_grant_away");
        }
        try {
            JsonNode health = jitHealth();

            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("details").path("store").asText()).isEqualTo("cannot be read: store_unavailable");
            assertThat(health.toString()).doesNotContainIgnoringCase("jit_access_grant").doesNotContain("SQL");
        } finally {
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("ALTER TABLE jit_access_grant_away RENAME TO jit_access_grant");
            }
        }
        assertThat(jitHealth().path("status").asText()).isEqualTo("UP");
    }
}
