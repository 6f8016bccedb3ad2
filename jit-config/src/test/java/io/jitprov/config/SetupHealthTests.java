package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitprov.config.RegistryTestNodes.Started;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A connection's health, for the IT admin on the setup pages and the back office through the admin API. */
class SetupHealthTests extends SetupTestBase {

    private TestApp admin;
    private String connectionId;

    @BeforeEach
    void activeConnectionRequiringStaff() throws Exception {
        admin = opened(issueLink("initech"));
        String csrf = csrf(admin);
        submit(admin, "/domain", csrf, "domain", "initech.test");
        publishProof("initech", "initech.test");
        submit(admin, "/domain/check", csrf, "domain", "initech.test");
        submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata(), "groupAttribute", "memberOf");
        submitRaw(admin, "/roles", "csrf=" + csrf + "&group=it-admins&role=admin&required=staff");
        submit(admin, "/activate", csrf);
        connectionId = nodes.backOffice.connectionsOf("initech").get(0).id();
    }

    /** A sign-in of {@code email} in {@code groups} through the connection: the page the person sees. */
    private HttpResponse<String> signIn(String email, List<String> groups) throws Exception {
        TestApp person = app.other();
        Started login = RegistryTestNodes.startSignInWithin(person, email);
        return RegistryTestNodes.answer(person, login, "sub-" + email, email, groups);
    }

    @Test
    void healthWhenOneSignedInAndOneRefusedThenBothShowAndTheRefusedReferenceLeadsHere() throws Exception {
        assertThat(signIn("bob@initech.test", List.of("staff")).statusCode()).isEqualTo(302);
        HttpResponse<String> refused = signIn("eve@initech.test", List.of("visitors"));
        Matcher reference = Pattern.compile("Reference: <code>([^<]+)</code>").matcher(refused.body());
        assertThat(reference.find()).as(refused.body()).isTrue();

        HttpResponse<String> page = admin.get(SETUP + "/health");

        assertPlainPage(page, 200);
        assertThat(page.body()).contains("On: it takes sign-ins.").contains("Last sign-in: ")
                .contains(reference.group(1)).contains("<code>required_group_missing</code>")
                .contains("The person is in none of the groups allowed to sign in.")
                .contains("Metadata: saved as given.")
                .containsPattern("CN=idp.acme.test: expires on \\d{1,2} [A-Z][a-z]+ \\d{4}, \\d\\d:\\d\\d UTC, in \\d+ days.");
    }

    @Test
    void healthWhenAskedThroughTheAdminApiThenBackOfficeSeesItAndAnotherTenantDoesNot() throws Exception {
        signIn("eve@initech.test", List.of());
        String url = app.baseUrl + "/sso/admin/api/connections/" + connectionId + "/health";

        HttpResponse<String> backOffice = send(app, "GET", url, null, "Authorization", "Bearer " + RegistryTestNodes.TOKEN);
        HttpResponse<String> anonymous = send(app, "GET", url, null);
        HttpResponse<String> unknown = send(app, "GET", app.baseUrl + "/sso/admin/api/connections/nope/health", null,
                "Authorization", "Bearer " + RegistryTestNodes.TOKEN);

        assertThat(backOffice.statusCode()).as(backOffice.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(backOffice.body());
        assertThat(health.path("active").asBoolean()).isTrue();
        assertThat(health.path("idp").asText()).isEqualTo(IdpSide.IDP);
        assertThat(health.path("refusals").get(0).path("code").asText()).isEqualTo("required_group_missing");
        assertThat(health.path("refusals").get(0).path("fix").asText()).contains("allowed group");
        assertThat(health.path("certificates").get(0).path("subject").asText()).isEqualTo("CN=idp.acme.test");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void healthWhenNoSignInYetThenSaysSoAndHostileValuesAreText() throws Exception {
        TestApp person = app.other();
        Started login = RegistryTestNodes.startSignInWithin(person, "eve@initech.test");
        RegistryTestNodes.answer(person, login, "<img src=x onerror=alert(1)>", "<script>x</script>@initech.test",
                List.of("<b>staff</b>"));

        HttpResponse<String> page = admin.get(SETUP + "/health");
        HttpResponse<String> api = send(app, "GET", app.baseUrl + "/sso/admin/api/connections/" + connectionId
                + "/health", null, "Authorization", "Bearer " + RegistryTestNodes.TOKEN);

        assertThat(page.body()).contains("No sign-in seen yet.").doesNotContain("<script>x").doesNotContain("<img src=x")
                .doesNotContain("<b>staff");
        assertThat(JSON.readTree(api.body()).path("refusals")).isNotEmpty();
    }
}
