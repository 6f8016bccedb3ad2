package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.config.RegistryTestNodes.Started;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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

    private static final Duration PROPAGATION = RegistryTestNodes.PROPAGATION;
    private static final String ACME = RegistryTestNodes.ACME;

    @TempDir
    Path dir;

    private RegistryTestNodes nodes;
    private JitRegistry backOffice;

    /** The JDBC URL of the database both nodes share. */
    protected abstract String jdbcUrl();

    @BeforeEach
    void open() {
        nodes = new RegistryTestNodes(jdbcUrl(), dir);
        backOffice = nodes.backOffice;
    }

    @AfterEach
    void close() throws Exception {
        nodes.close();
    }

    private TestApp node() throws Exception {
        return nodes.node();
    }

    private void addAcme() {
        nodes.addAcme();
    }

    private static String saml(String metadata) {
        return RegistryTestNodes.saml(metadata);
    }

    private static String json(String text) {
        return RegistryTestNodes.json(text);
    }

    private static Optional<Started> startSignIn(TestApp app, String email) throws Exception {
        return RegistryTestNodes.startSignIn(app, email);
    }

    private static Started startSignInWithin(TestApp app, String email) throws Exception {
        return RegistryTestNodes.startSignInWithin(app, email);
    }

    private static HttpResponse<String> answer(TestApp app, Started login, String email, boolean rolledOver)
            throws Exception {
        return rolledOver ? RegistryTestNodes.answerAfterRollover(app, login, email)
                : RegistryTestNodes.answer(app, login, "alice-1", email, List.of("acme-admins"));
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
    void signInWhenATenantIsAddedThroughNodeAsAdminApiThenNodeBServesItWithinTwoSeconds() throws Exception {
        TestApp nodeA = node();
        TestApp nodeB = node();
        String api = nodeA.baseUrl + "/sso/admin/api";

        assertThat(call(nodeA, "POST", api + "/tenants", "{\"id\": \"acme\", \"settings\": " + ACME + "}").statusCode())
                .isEqualTo(201);
        assertThat(call(nodeA, "POST", api + "/tenants/acme/connections", "{\"id\": \"acme-saml\", \"settings\": "
                + saml(IdpSide.metadata()) + "}").statusCode()).isEqualTo(201);
        assertThat(call(nodeA, "POST", api + "/tenants/acme/domains",
                "{\"domain\": \"acme.test\", \"verified\": true}").statusCode()).isEqualTo(201);
        Started login = startSignInWithin(nodeB, "alice@acme.test");

        assertThat(answer(nodeB, login, "alice@acme.test", false).statusCode()).isEqualTo(302);
        assertThat(nodeB.get("/app/").body()).contains("user=alice@acme.test").contains("admin=true");
    }

    private static HttpResponse<String> call(TestApp app, String method, String url, String json) throws Exception {
        return app.browser.send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + RegistryTestNodes.TOKEN).header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
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
