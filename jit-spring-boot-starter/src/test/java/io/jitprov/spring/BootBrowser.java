package io.jitprov.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestIdpExtension;
import io.jitprov.testidp.TestPerson;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A browser against a Boot application in Tomcat (cookies kept, one redirect at a time), and the
 * one tenant the starter's tests sign in to through the test IdP.
 */
final class BootBrowser {

    final CookieManager cookies = new CookieManager();
    final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String base;

    BootBrowser(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Tenant acme (acme.test) signing in through {@code idp}'s SAML side; acme-admins are admins. */
    static void oneTenant(DynamicPropertyRegistry properties, int port, TestIdpExtension idp) {
        properties.add("server.port", () -> port);
        properties.add("jit.base-url", () -> "http://127.0.0.1:" + port);
        properties.add("jit.identity-providers[0].id", () -> "test");
        properties.add("jit.identity-providers[0].saml.metadata-url", () -> idp.get().samlMetadataUrl());
        properties.add("jit.identity-providers[0].saml.entity-id", () -> idp.get().samlEntityId());
        properties.add("jit.identity-providers[0].saml.emails-verified", () -> "true");
        properties.add("jit.identity-providers[0].saml.allow-insecure-http", () -> "true");
        properties.add("jit.tenants[0].id", () -> "acme");
        properties.add("jit.tenants[0].domains[0]", () -> "acme.test");
        properties.add("jit.tenants[0].identity-providers[0]", () -> "test");
        properties.add("jit.tenants[0].roles.default-roles[0]", () -> "member");
        properties.add("jit.tenants[0].roles.rules[0].group", () -> "acme-admins");
        properties.add("jit.tenants[0].roles.rules[0].role", () -> "admin");
        properties.add("jit.tenants[0].elevation[0].role", () -> "db-admin");
        properties.add("jit.tenants[0].elevation[0].eligible-groups[0]", () -> "acme-admins");
        properties.add("jit.tenants[0].elevation[0].max-duration", () -> "PT1H");
    }

    HttpResponse<String> get(String pathOrUrl) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getJson(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathOrUrl, Map<String, String> form) throws Exception {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return client.send(HttpRequest.newBuilder(uri(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs {@code person} in at the application at {@code base} through {@code idp}, landing on /me. */
    void signIn(TestIdp idp, TestPerson person, String base) throws Exception {
        idp.signInAs(person);
        HttpResponse<String> login = post(base + "/sso/login", Map.of("email", person.email(), "return", "/me"));
        TestIdp.Answer answer = idp.answer(login.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> back = post(answer.url(), answer.fields());
        assertThat(back.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/me"));
    }

    void signIn(TestIdp idp, TestPerson person) throws Exception {
        signIn(idp, person, base);
    }

    @Nullable String session() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    void forget() {
        cookies.getCookieStore().removeAll();
    }

    /** A port nothing listens on now, on the loopback address. */
    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }
}
