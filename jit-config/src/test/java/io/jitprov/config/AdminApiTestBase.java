package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.config.RegistryTestNodes.Started;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node with the admin API in a real Jetty on H2, tenants acme and globex each with a SAML
 * connection and a verified domain, and the calls an attacker and the back office make.
 */
abstract class AdminApiTestBase {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    RegistryTestNodes nodes;
    TestApp app;
    String api;

    @BeforeEach
    void startNode() throws Exception {
        nodes = new RegistryTestNodes("jdbc:h2:mem:admin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", dir);
        app = nodes.node();
        api = app.baseUrl + "/sso/admin/api";
        nodes.addAcme();
        nodes.backOffice.createTenant("globex", "{}");
        nodes.backOffice.createConnection("globex", "globex-saml", RegistryTestNodes.saml(
                IdpSide.metadata().replace(IdpSide.IDP, "https://idp.globex.test/saml")));
        nodes.backOffice.domains().markVerified("globex", "globex.test", false);
    }

    @AfterEach
    void stopNode() throws Exception {
        nodes.close();
    }

    /** A request from {@code who}'s browser; a path without origin is below the admin API. */
    HttpResponse<String> send(TestApp who, String method, String url, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : api + url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return who.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with no session of anyone's. */
    HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        return send(app, method, url, body, headers);
    }

    /** As the back office: its token, JSON. */
    HttpResponse<String> backOffice(String method, String path, String body, String... more) throws Exception {
        List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + RegistryTestNodes.TOKEN,
                "Content-Type", "application/json"));
        headers.addAll(List.of(more));
        return send(app, method, path, body, headers.toArray(String[]::new));
    }

    /** As a signed-in person of {@code browser}, JSON, with {@code csrf} when not null. */
    HttpResponse<String> asAdmin(TestApp browser, String method, String path, String body, String csrf,
            String... more) throws Exception {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        if (csrf != null) {
            headers.addAll(List.of("X-CSRF-Token", csrf));
        }
        headers.addAll(List.of(more));
        return send(browser, method, path, body, headers.toArray(String[]::new));
    }

    /** Signs {@code email}, in {@code groups}, in to acme on {@code node}; returns the browser. */
    static TestApp signedInAtAcme(TestApp node, String email, List<String> groups) throws Exception {
        TestApp browser = node.other();
        Started login = RegistryTestNodes.startSignIn(browser, email).orElseThrow();
        assertThat(RegistryTestNodes.answer(browser, login, "sub-" + email, email, groups).statusCode())
                .isEqualTo(302);
        return browser;
    }

    /** The session's CSRF token, as a page of the application embeds it. */
    static String csrfOf(TestApp browser) throws Exception {
        HttpResponse<String> page = browser.get("/app/csrf");
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body().strip();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** A problem document of {@code status} and {@code code}, with nothing of jit's insides. */
    static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.jitprov");
    }
}
