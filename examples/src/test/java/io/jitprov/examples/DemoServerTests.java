package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo is copied into applications, so it must show how to do it right: every spelling of its
 * protected pages asks for a sign-in (never a 500), session ids never travel in URLs, and its
 * pages cannot be framed. Requests are sent byte for byte, as an attacker would.
 */
class DemoServerTests {

    @TempDir
    static Path dataDirectory;

    private static DemoServer demo;
    private static int port;

    @BeforeAll
    static void startDemo() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        demo = DemoServer.startDemo(port, dataDirectory);
    }

    @AfterAll
    static void stopDemo() throws Exception {
        demo.close();
    }

    private static String get(String rawTarget) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawTarget + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/html\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.split(" ", 3)[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app", "/admin", "/app/", "/admin/", "/APP/", "/%61pp/", "/admin/x"})
    void protectedPagesWhenSpelledAnyWayThenASignInIsAsked(String path) throws IOException {
        String answer = get(path);

        assertThat(status(answer)).as(answer).isEqualTo(302);
        assertThat(answer).contains("Location: /sso/login?return=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app;jsessionid=node0abc/", "/admin;x/", "/app/%2e%2e/admin/", "/admin%2f"})
    void ambiguousPathsWhenSentThenRefusedWithAPlainPage(String path) throws IOException {
        String answer = get(path);

        assertThat(status(answer)).as(answer).isEqualTo(400);
        assertThat(answer).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("Jetty")
                .doesNotContain("Server:").doesNotContain(path);
    }

    @Test
    void unknownPagesAreAPlainNotFoundNeverAStackTrace() throws IOException {
        String answer = get("/apple");

        assertThat(status(answer)).isEqualTo(404);
        assertThat(answer).contains("There is no page here").doesNotContain("Exception");
    }

    @Test
    void pagesForbidFramingAndSessionsNeverGoIntoUrls() throws IOException {
        String home = get("/");
        String login = get("/sso/login?return=%2Fapp%2F");

        assertThat(home).contains("X-Frame-Options: DENY").contains("frame-ancestors 'none'");
        assertThat(login).contains("X-Frame-Options: DENY").contains("frame-ancestors 'none'")
                .doesNotContain("jsessionid");
    }

    /**
     * The deprovisioning hint works as printed: its first command's lookup finds Bob's id the way
     * its grep and cut do, and its second command's PATCH deactivates him.
     */
    @org.junit.jupiter.api.Test
    void hintsWhenFollowedAsPrintedThenBobIsDeprovisioned() throws Exception {
        java.util.List<String> hints = demo.hints();
        String lookup = hints.stream().filter(line -> line.startsWith("  ID=$(curl")).findFirst().orElseThrow();
        String patch = hints.stream().filter(line -> line.startsWith("  curl -s -X PATCH")).findFirst().orElseThrow();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String users = demo.origin() + "/sso/scim/acme/v2/Users";
        java.net.http.HttpResponse<String> created = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(users)).header("Authorization", "Bearer " + demo.scimToken())
                .header("Content-Type", "application/scim+json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"acme-bob\","
                                + "\"emails\":[{\"value\":\"bob@acme.test\",\"primary\":true}],\"active\":true}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        java.util.regex.Matcher get = java.util.regex.Pattern.compile("Bearer ([^']+)' '([^']+)'").matcher(lookup);
        assertThat(get.find()).as(lookup).isTrue();
        String found = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(get.group(2)))
                .header("Authorization", "Bearer " + get.group(1)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([^\"]*)\"").matcher(found);
        assertThat(id.find()).as("grep -o '\"id\":\"[^\"]*\"' | head -1 in " + found).isTrue();
        java.util.regex.Matcher send = java.util.regex.Pattern.compile(
                "Bearer ([^']+)' -H 'Content-Type: ([^']+)' -d '([^']+)' \"([^\"]+)\"").matcher(patch);
        assertThat(send.find()).as(patch).isTrue();
        java.net.http.HttpResponse<String> deprovisioned = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(send.group(4).replace("$ID", id.group(1)))).header("Authorization", "Bearer "
                + send.group(1)).header("Content-Type", send.group(2)).method("PATCH",
                        java.net.http.HttpRequest.BodyPublishers.ofString(send.group(3))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(deprovisioned.statusCode()).as(deprovisioned.body()).isEqualTo(200);
        assertThat(deprovisioned.body()).contains("\"userName\":\"acme-bob\"").contains("\"active\":false");
        assertThat(hints).contains(DemoTenants.ROLES);
    }
}
