package io.jitprov.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak, from the Maven Central distribution the build unpacked, on 127.0.0.1 with an
 * in-memory database: every run starts from nothing. Talks to it through its admin REST API.
 */
final class KeycloakServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private KeycloakServer(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts Keycloak and waits until it is ready; fails with the end of its log when it does not come up. */
    static KeycloakServer start() throws Exception {
        Path home = Paths.get(System.getProperty("keycloak.home", "target/keycloak-not-unpacked"));
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + ": run the tests through Maven,"
                    + " which unpacks org.keycloak:keycloak-quarkus-dist");
        }
        int port = freePort();
        int managementPort = freePort();
        Path log = Files.createDirectories(Paths.get("target")).resolve("keycloak.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "bin/kc.sh", "start-dev", "--db=dev-mem",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
                "--health-enabled=true", "--hostname=http://127.0.0.1:" + port)
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        KeycloakServer server = new KeycloakServer(builder.start(), port, managementPort, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        try {
            server.awaitReady();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak was not ready within " + READY_WITHIN + ":\n" + tail());
    }

    String origin() {
        return "http://127.0.0.1:" + port;
    }

    String realmUrl(String realm) {
        return origin() + "/realms/" + realm;
    }

    /** Creates a realm from its JSON representation. */
    void createRealm(String json) throws Exception {
        expect(admin("POST", "/admin/realms", json), 201);
    }

    /** Calls the admin REST API; returns the response. */
    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + path))
                .header("Authorization", "Bearer " + adminToken()).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode adminJson(String path) throws Exception {
        HttpResponse<String> response = expect(admin("GET", path, null), 200);
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ", not " + status + ": " + response.body());
        }
        return response;
    }

    private String adminToken() throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        HttpResponse<String> response = expect(http.send(HttpRequest.newBuilder(
                        URI.create(realmUrl("master") + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()), 200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops Keycloak (the script and the JVM it started), only the processes this run started. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
