package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.tenant.TinyDnsServer;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node with the setup pages in a real Jetty on H2, a real DNS server on loopback, tenant
 * initech to be set up (no connection, no domain, a ceiling of member, admin and billing) and
 * tenant globex already set up with its own IdP and globex.test.
 */
abstract class SetupTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INITECH = """
            {"roles": {"allowedRoles": ["member", "admin", "billing"], "defaultRoles": ["member"]}}""";
    static final String SETUP = "/sso/setup";

    @TempDir
    Path dir;

    RegistryTestNodes nodes;
    TinyDnsServer dns;
    TestApp app;

    @BeforeEach
    void startNode() throws Exception {
        dns = new TinyDnsServer();
        nodes = new RegistryTestNodes("jdbc:h2:mem:setup-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", dir);
        app = nodes.nodeWithSetup(dns.url());
        nodes.backOffice.createTenant("initech", INITECH);
        nodes.backOffice.createTenant("globex", "{}");
        nodes.backOffice.createConnection("globex", "globex-saml", RegistryTestNodes.saml(
                IdpSide.metadata().replace(IdpSide.IDP, "https://idp.globex.test/saml")));
        nodes.backOffice.domains().markVerified("globex", "globex.test", false);
    }

    @AfterEach
    void stopNode() throws Exception {
        nodes.close();
        dns.close();
    }

    /** A link for {@code tenant}, issued by the back office through the admin API: its token. */
    String issueLink(String tenant) throws Exception {
        HttpResponse<String> issued = send(app, "POST", app.baseUrl + "/sso/admin/api/tenants/" + tenant + "/setup-links",
                "{}", "Authorization", "Bearer " + RegistryTestNodes.TOKEN, "Content-Type", "application/json");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return JSON.readTree(issued.body()).path("token").asText();
    }

    /** A new browser that opened {@code token}'s link as a person would: the page, then its button. */
    TestApp opened(String token) throws Exception {
        TestApp browser = app.other();
        HttpResponse<String> confirm = browser.get(SETUP + "/open?link=" + token);
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        HttpResponse<String> open = browser.post(SETUP + "/open", Map.of("link", token));
        assertThat(open.statusCode()).as(open.body()).isEqualTo(303);
        assertThat(open.headers().firstValue("Location")).hasValue(SETUP + "/");
        return browser;
    }

    /** The CSRF token the setup pages embed in their forms for {@code browser}'s session. */
    static String csrf(TestApp browser) throws Exception {
        HttpResponse<String> page = browser.get(SETUP + "/domain");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    /** A form posted to a setup page with the session's CSRF token, and the page it leads to. */
    static HttpResponse<String> submit(TestApp browser, String path, String csrf, String... fields) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return browser.post(SETUP + path, form);
    }

    /** A raw form body, for fields sent more than once. */
    static HttpResponse<String> submitRaw(TestApp browser, String path, String body) throws Exception {
        return send(browser, "POST", browser.baseUrl + SETUP + path, body, "Content-Type",
                "application/x-www-form-urlencoded");
    }

    static HttpResponse<String> send(TestApp who, String method, String url, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return who.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes the TXT record that proves {@code domain} for {@code tenant}'s claim. */
    void publishProof(String tenant, String domain) {
        var claim = nodes.backOffice.domains().claimsOf(tenant).stream().filter(c -> c.domain().equals(domain))
                .findFirst().orElseThrow();
        dns.publish(claim.txtRecordName(), List.of(List.of(claim.txtRecordValue())));
    }

    JsonNode connectionOf(String tenant) throws Exception {
        List<io.jitprov.core.registry.RegistryEntry> connections = nodes.backOffice.connectionsOf(tenant);
        assertThat(connections).hasSize(1);
        return JSON.readTree(connections.get(0).document());
    }

    /** A page for people: no stack trace, nothing of jit's insides. */
    static void assertPlainPage(HttpResponse<String> page, int status) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(status);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).doesNotContain("Exception").doesNotContain("at io.jitprov").doesNotContain("jakarta.");
    }
}
