package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --config}: the demo listens where the file's baseUrl says, and options it cannot honour are refused. */
class ServeCommandTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private Path config(String baseUrl) throws IOException {
        return Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: %s
                identityProviders:
                  - id: corp
                    oidc: {issuer: "https://login.corp.test", clientId: app, clientAuthentication: none,
                           jwksUri: "https://login.corp.test/keys", authorizationEndpoint: "https://login.corp.test/authorize",
                           tokenEndpoint: "https://login.corp.test/token"}
                tenants: [{id: corp, domains: [corp.test], identityProviders: [corp]}]
                """.formatted(baseUrl));
    }

    private int serve(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    @Timeout(30)
    void serveWhenConfigAndDataThenUsageErrorExitTwoAndNothingStarts() throws Exception {
        Path file = config("http://127.0.0.1:" + freePort());

        assertThat(serve("serve", "--config", file.toString(), "--data", dir.resolve("data").toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("serve: --data is for the built-in demo only;");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    @Timeout(30)
    void serveWhenPortDiffersFromTheConfigsLoopbackBaseUrlThenUsageErrorExitTwo() throws Exception {
        int port = freePort();
        Path file = config("http://127.0.0.1:" + port);

        assertThat(serve("serve", "--config", file.toString(), "--port", String.valueOf(port + 1))).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("serve: --port " + (port + 1)
                + " does not match baseUrl http://127.0.0.1:" + port);
    }

    @Test
    @Timeout(30)
    void serveWhenConfigsLoopbackBaseUrlIsHttpsThenUsageErrorExitTwo() throws Exception {
        Path file = config("https://localhost:" + freePort());

        assertThat(serve("serve", "--config", file.toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("where the demo serves plain HTTP: write http://");
    }

    @Test
    @Timeout(60)
    void startWhenConfigWithoutPortThenListensWhereTheBaseUrlSays() throws Exception {
        int port = freePort();
        Path file = config("http://127.0.0.1:" + port);

        try (DemoServer server = ServeCommand.start(CommandLine.parse(new String[] {"--config", file.toString()},
                Set.of("--port", "--data", "--config")))) {
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/sso/login")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(server.origin()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(metadata.statusCode()).isEqualTo(200);
        }
    }
}
