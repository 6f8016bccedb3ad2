package io.jitprov.config;

import static io.jitprov.servlet.JitFilterSamlTests.inflate;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.jdbc.JdbcDomainStore;
import io.jitprov.jdbc.JdbcRegistryStore;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants and connections as runtime data, on two real nodes: two Jetty servers, each with its own
 * pool on one database, configured by a file with a {@code registry} section. The back office
 * writes through its own {@link JitRegistry} on the same database, as another process would; node B
 * uses every change within 2 seconds, without a restart.
 */
abstract class AbstractRegistryLoginTests {

    private static final Duration PROPAGATION = Duration.ofSeconds(2);
    private static final String ACME = """
            {"roles": {"rules": [{"group": "acme-admins", "role": "admin"}], "defaultRoles": ["member"]}}""";

    @TempDir
    Path dir;

    private String prefix;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private JitRegistry backOffice;

    /** The JDBC URL of the database both nodes share. */
    protected abstract String jdbcUrl();

    @BeforeEach
    void openBackOffice() {
        prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + "_";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        opened.add(pool);
        io.jitprov.jdbc.JdbcSchema.install(pool, prefix);
        backOffice = JitRegistry.builder().store(JdbcRegistryStore.of(pool, prefix))
                .domains(DomainRegistry.builder().store(JdbcDomainStore.of(pool, prefix)).build())
                .pollInterval(null).build();
        opened.add(backOffice);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** A node: its own Jetty, its own pool, the shared database; the file names no tenant. */
    private TestApp node() throws Exception {
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
                        """.formatted(base, jdbcUrl(), prefix));
                return JitConfigFile.load(file).build();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        opened.add(app);
        return app;
    }

    private void addAcme() {
        backOffice.createTenant("acme", ACME);
        backOffice.createConnection("acme", "acme-saml", saml(IdpSide.metadata()));
        backOffice.domains().markVerified("acme", "acme.test", false);
    }

    private static String saml(String metadata) {
        return "{\"saml\": {\"metadata\": " + json(metadata) + ", \"emailsVerified\": true,"
                + " \"groupAttributes\": [\"memberOf\"]}}";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + "\"";
    }

    /** A login sent to the IdP: its AuthnRequest's ID and the RelayState that comes back with the answer. */
    private record Started(String requestId, String relayState) { }

    /** {@code /sso/login} with an email: the login when it went to the IdP, else empty. */
    private static Optional<Started> startSignIn(TestApp app, String email) throws Exception {
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
    private static Started startSignInWithin(TestApp app, String email) throws Exception {
        long started = System.nanoTime();
        Optional<Started> request = startSignIn(app, email);
        while (request.isEmpty() && System.nanoTime() - started < PROPAGATION.toNanos()) {
            Thread.sleep(50);
            request = startSignIn(app, email);
        }
        assertThat(request).as("a sign-in through the new connection within %s", PROPAGATION).isPresent();
        return request.get();
    }

    /** The IdP's answer to {@code login}, signed with its first key or, {@code rolledOver}, its next one. */
    private static HttpResponse<String> answer(TestApp app, Started login, String email, boolean rolledOver)
            throws Exception {
        String sp = app.baseUrl + "/sso/saml";
        String acs = app.baseUrl + "/sso/saml/acs";
        String response = rolledOver ? IdpSide.responseAfterRollover(sp, acs, login.requestId(), "alice-1", email)
                : IdpSide.response(sp, acs, login.requestId(), "alice-1", email, List.of("acme-admins"));
        return app.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", login.relayState()));
    }

    private static void assertRefused(HttpResponse<String> refused, String code) {
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains(code).doesNotContain("Exception");
    }

    @Test
    void signInWhenTheBackOfficeAddsATenantThenTheOtherNodeServesItWithinTwoSecondsWithoutARestart() throws Exception {
        TestApp nodeA = node();
        TestApp nodeB = node();
        assertThat(startSignIn(nodeB, "alice@acme.test")).as("nobody signs in before the tenant exists").isEmpty();

        addAcme();
        Started login = startSignInWithin(nodeB, "alice@acme.test");
        HttpResponse<String> acs = answer(nodeB, login, "alice@acme.test", false);

        assertThat(acs.statusCode()).isEqualTo(302);
        assertThat(nodeB.get("/app/").body()).contains("user=alice@acme.test").contains("admin=true")
                .contains("member=true");
        assertThat(startSignIn(nodeA, "bob@acme.test")).as("and node A too").isPresent();
    }

    @Test
    void signInWhenTheIdpsKeyIsRotatedThroughTheRegistryThenTheOldKeyIsRefusedAndTheNewOneAccepted() throws Exception {
        TestApp nodeB = node();
        addAcme();
        Started first = startSignInWithin(nodeB, "alice@acme.test");
        assertRefused(answer(nodeB, first, "alice@acme.test", true), JitErrorCodes.INVALID_SIGNATURE);

        RegistryEntry connection = backOffice.connection("acme-saml").orElseThrow();
        backOffice.updateConnection("acme-saml", connection.version(), saml(IdpSide.metadataAfterRollover()));
        Thread.sleep(PROPAGATION.toMillis());

        TestApp browser = nodeB.other();
        Started second = startSignIn(browser, "alice@acme.test").orElseThrow();
        assertRefused(answer(browser, second, "alice@acme.test", false), JitErrorCodes.INVALID_SIGNATURE);
        Started third = startSignIn(browser, "alice@acme.test").orElseThrow();
        assertThat(answer(browser, third, "alice@acme.test", true).statusCode()).isEqualTo(302);
        assertThat(browser.get("/app/").body()).contains("user=alice@acme.test");
    }

    @Test
    void signInWhenTheConnectionIsDeletedThenRefusedEvenForALoginStartedBefore() throws Exception {
        TestApp nodeB = node();
        addAcme();
        Started started = startSignInWithin(nodeB, "alice@acme.test");

        backOffice.deleteConnection("acme-saml", 1);
        Thread.sleep(PROPAGATION.toMillis());

        assertRefused(answer(nodeB, started, "alice@acme.test", false), JitErrorCodes.UNKNOWN_ISSUER);
        assertThat(nodeB.get("/app/").statusCode()).as("not signed in").isNotEqualTo(200);
        assertThat(startSignIn(nodeB.other(), "alice@acme.test")).as("no route any more").isEmpty();
    }

    @Test
    void updateWhenTwoAdminsUpdateTheSameVersionAtOnceThenOneWinsAndTheOtherIsToldItsCopyIsStale() throws Exception {
        backOffice.createTenant("acme", ACME);
        int writers = 6;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<RegistryEntry>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int seats = 10 + i;
                Callable<RegistryEntry> write = () -> {
                    go.await();
                    return backOffice.updateTenant("acme", 1, "{\"seatLimit\": " + seats + "}");
                };
                results.add(threads.submit(write));
            }
            go.countDown();
            int won = 0;
            int stale = 0;
            for (Future<RegistryEntry> result : results) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(RegistryConflictException.class,
                            c -> assertThat(c.error().code()).isEqualTo(JitErrorCodes.VERSION_MISMATCH));
                    stale++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(stale).isEqualTo(writers - 1);
            assertThat(backOffice.tenant("acme").orElseThrow().version()).isEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void createWhenTheDocumentIsHostileThenEveryProblemIsNamedAndNothingIsStored() {
        backOffice.createTenant("acme", ACME);
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + IdpSide.metadata().replaceFirst("<\\?xml[^>]*\\?>", "");
        Map<String, Function<JitRegistry, Object>> writes = Map.of(
                "DOCTYPE", r -> r.createConnection("acme", "c1", saml(doctype)),
                "is not a known setting", r -> r.createConnection("acme", "c2",
                        "{\"saml\": {\"metadata\": " + json(IdpSide.metadata()) + ", \"metadataFile\": \"/etc/passwd\"}}"),
                "points at an address this server does not fetch from", r -> r.createConnection("acme", "c3",
                        "{\"saml\": {\"metadataUrl\": \"https://169.254.169.254/latest/meta-data\", \"entityId\": \"x\"}}"),
                "exponential time", r -> r.updateTenant("acme", 1,
                        "{\"roles\": {\"rules\": [{\"regex\": \"(.*a){12}\", \"role\": \"admin\"}]}}"),
                "not a valid regular expression", r -> r.updateTenant("acme", 1,
                        "{\"roles\": {\"rules\": [{\"regex\": \"acme-(admins\", \"role\": \"admin\"}]}}"),
                "are claimed and verified through the registry", r -> r.updateTenant("acme", 1,
                        "{\"domains\": [\"evil.test\"]}"),
                "must be sealed by the registry", r -> r.createConnection("acme", "c4",
                        "{\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"app\","
                                + " \"clientSecret\": {\"env\": \"DATABASE_PASSWORD\"}}}"),
                "characters; at most", r -> r.createConnection("acme", "c5", "{\"x\": \"" + "a".repeat(300_000) + "\"}"));

        writes.forEach((problem, write) -> assertThatThrownBy(() -> write.apply(backOffice))
                .as(problem).isInstanceOfSatisfying(JitConfigurationException.class,
                        e -> assertThat(String.join("\n", e.problems())).contains(problem)));

        assertThat(backOffice.connectionsOf("acme")).isEmpty();
        assertThat(backOffice.tenant("acme").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void createWhenTheIdpBelongsToAnotherConnectionThenRefusedAsTaken() {
        addAcme();
        backOffice.createTenant("globex", "{}");

        assertThatThrownBy(() -> backOffice.createConnection("globex", "globex-saml", saml(IdpSide.metadata())))
                .isInstanceOfSatisfying(RegistryConflictException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.ENTRY_EXISTS));
        assertThat(backOffice.connectionsOf("globex")).isEmpty();
    }

    @Test
    void deleteTenantWhenItHasConnectionsThenRefusedAndWhenEmptyThenItsDomainsAreFreed() {
        addAcme();

        assertThatThrownBy(() -> backOffice.deleteTenant("acme", 1)).isInstanceOfSatisfying(
                RegistryConflictException.class, e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.TENANT_NOT_EMPTY));
        backOffice.deleteConnection("acme-saml", 1);
        backOffice.deleteTenant("acme", 1);

        assertThat(backOffice.domains().tenantFor("acme.test")).isEmpty();
        backOffice.createTenant("acme2", "{}");
        assertThat(backOffice.domains().markVerified("acme2", "acme.test", false).verified()).isTrue();
    }
}
