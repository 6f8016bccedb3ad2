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
}
