package io.jitprov.config;

import static io.jitprov.servlet.JitFilterSamlTests.inflate;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.config.setup.JitSetup;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.jdbc.JdbcAuditSink;
import io.jitprov.jdbc.JdbcDomainStore;
import io.jitprov.jdbc.JdbcRegistryStore;
import io.jitprov.jdbc.JdbcSchema;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.TestApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Nodes of one application on one database, each a real Jetty with its own pool, configured by a
 * file with a {@code registry} section and an admin API token; and the back office's own
 * {@link JitRegistry} on that database, as another process would have. Tables are prefixed per
 * instance, so tests sharing one database do not meet.
 */
final class RegistryTestNodes implements AutoCloseable {

    static final Duration PROPAGATION = Duration.ofSeconds(2);
    /** The back office's API token; the nodes know only its hash. */
    static final String TOKEN = "test-token-" + UUID.randomUUID();
    static final String ACME = """
            {"roles": {"rules": [{"group": "acme-admins", "role": "admin"}], "defaultRoles": ["member"]}}""";

    private final String jdbcUrl;
    private final Path dir;
    private final String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private final List<AutoCloseable> opened = new ArrayList<>();
    final HikariDataSource pool;
    final JitRegistry backOffice;

    RegistryTestNodes(String jdbcUrl, Path dir) {
        this.jdbcUrl = jdbcUrl;
        this.dir = dir;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        opened.add(pool);
        JdbcSchema.install(pool, prefix);
        backOffice = JitRegistry.builder().store(JdbcRegistryStore.of(pool, prefix))
                .domains(DomainRegistry.builder().store(JdbcDomainStore.of(pool, prefix)).build())
                .pollInterval(null).build();
        opened.add(backOffice);
    }

    String prefix() {
        return prefix;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** A node: its own Jetty, its own pool, the shared database; the file names no tenant. */
    TestApp node() throws Exception {
        return node("");
    }

    /** A node that may fetch from this machine over http, where test IdPs answer. */
    TestApp nodeReachingLoopback() throws Exception {
        return node("  outbound: {allowHttp: true, allow: [127.0.0.0/8]}\n");
    }

    /**
     * A node with the setup pages mounted, fetching from this machine's test IdPs, and asking the
     * DNS server at {@code dnsUrl} for domain proofs.
     */
    TestApp nodeWithSetup(String dnsUrl) throws Exception {
        return nodeWithSetup(dnsUrl, setup -> setup);
    }

    /** The same, the setup pages configured further by {@code customize}. */
    TestApp nodeWithSetup(String dnsUrl, java.util.function.UnaryOperator<JitSetup.Builder> customize)
            throws Exception {
        return node("  outbound: {allowHttp: true, allow: [127.0.0.0/8]}\n  dns: {server: \"" + dnsUrl
                + "\", timeout: PT0.5S}\n", (login, registry) -> login.mount(SetupLink.PATH,
                        customize.apply(JitSetup.builder(registry).productName("Acme Cloud")
                                .auditTrail(JdbcAuditSink.of(pool, prefix))).build()));
    }

    private TestApp node(String registryMore) throws Exception {
        return node(registryMore, (login, registry) -> { });
    }

    private TestApp node(String registryMore, BiConsumer<JitLogin.Builder, JitRegistry> withRegistry)
            throws Exception {
        TestApp app = new TestApp(base -> {
            try {
                Files.writeString(dir.resolve("sp.key"), IdpSide.spKeyPem());
                Files.writeString(dir.resolve("sp.crt"), IdpSide.spCertificatePem());
                Path file = Files.writeString(dir.resolve("jit-" + UUID.randomUUID() + ".yaml"), """
                        baseUrl: %s
                        protectedPaths: [/app/]
                        store: {jdbcUrl: "%s", tablePrefix: %s, maxPoolSize: 4}
                        saml:
                          signingKey: {keyFile: sp.key, certificateFile: sp.crt}
                        registry:
                          pollInterval: PT0.2S
                          secretKeys: [{id: k1, key: {env: JIT_TEST_REGISTRY_KEY}}]
                          adminApi:
                            tokens: [{id: backoffice, sha256: %s}]
                        """.formatted(base, jdbcUrl, prefix, JitAdminApi.hashToken(TOKEN)) + registryMore);
                return JitConfigFile.load(file, name -> name.equals("JIT_TEST_REGISTRY_KEY")
                        ? "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" : null, withRegistry).build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "", context -> {
            context.addServlet(new ServletHolder(new TestApp.Echo()), "/*");
            context.addServlet(new ServletHolder(new CsrfPage()), "/app/csrf");
            TestApp.distrustHeaders(context);
        }, false);
        opened.add(app);
        return app;
    }

    /** Tenant acme with a SAML connection to the test IdP and acme.test verified, written by the back office. */
    void addAcme() {
        backOffice.createTenant("acme", ACME);
        backOffice.createConnection("acme", "acme-saml", saml(IdpSide.metadata()));
        backOffice.domains().markVerified("acme", "acme.test", false);
    }

    static String saml(String metadata) {
        return "{\"saml\": {\"metadata\": " + json(metadata) + ", \"emailsVerified\": true,"
                + " \"groupAttributes\": [\"memberOf\"]}}";
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + "\"";
    }

    /** A login sent to the IdP: its AuthnRequest's ID and the RelayState that comes back with the answer. */
    record Started(String requestId, String relayState) { }

    /** {@code /sso/login} with an email: the login when it went to the IdP, else empty. */
    static Optional<Started> startSignIn(TestApp app, String email) throws Exception {
        HttpResponse<String> start = app.post("/sso/login", Map.of("email", email, "return", "/app/"));
        if (start.statusCode() != 302) {
            return Optional.empty();
        }
        Map<String, String> redirect = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
        Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(inflate(redirect.get("SAMLRequest")));
        assertThat(id.find()).isTrue();
        return Optional.of(new Started(id.group(1), redirect.get("RelayState")));
    }

    /** Starts sign-ins on {@code app} until one goes to the IdP; fails after {@link #PROPAGATION}. */
    static Started startSignInWithin(TestApp app, String email) throws Exception {
        long started = System.nanoTime();
        Optional<Started> request = startSignIn(app, email);
        while (request.isEmpty() && System.nanoTime() - started < PROPAGATION.toNanos()) {
            Thread.sleep(50);
            request = startSignIn(app, email);
        }
        assertThat(request).as("a sign-in through the new connection within %s", PROPAGATION).isPresent();
        return request.get();
    }

    /** The IdP's answer to {@code login} for someone in {@code groups}, signed with its first key. */
    static HttpResponse<String> answer(TestApp app, Started login, String subject, String email, List<String> groups)
            throws Exception {
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", login.requestId(),
                subject, email, groups);
        return app.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", login.relayState()));
    }

    /** The same, signed with the IdP's next key (after a rollover). */
    static HttpResponse<String> answerAfterRollover(TestApp app, Started login, String email) throws Exception {
        String response = IdpSide.responseAfterRollover(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs",
                login.requestId(), "alice-1", email);
        return app.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", login.relayState()));
    }

    /** What an application's page embeds for its scripts: the session's CSRF token. */
    static final class CsrfPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print(request.getAttribute(JitFilter.CSRF_TOKEN));
        }
    }

    /** The actors of the audit events recorded for {@code tenantId}, oldest first. */
    List<String> auditActors(String tenantId) throws java.sql.SQLException {
        List<String> actors = new ArrayList<>();
        try (java.sql.Connection c = pool.getConnection(); java.sql.PreparedStatement select = c.prepareStatement(
                "SELECT actor FROM " + prefix + "audit_event WHERE tenant_id = ? AND actor IS NOT NULL ORDER BY seq")) {
            select.setString(1, tenantId);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    actors.add(rows.getString(1));
                }
            }
        }
        return actors;
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
