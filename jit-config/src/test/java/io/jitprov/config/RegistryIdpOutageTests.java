package io.jitprov.config;

import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.jitprov.config.RegistryTestNodes.Started;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener.Refresh;
import io.jitprov.jdbc.JdbcDomainStore;
import io.jitprov.jdbc.JdbcRegistryStore;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.TestProvider;
import io.jitprov.oidc.TestTokens;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tenant's IdP outage is that tenant's alone when tenants live in the registry: a node starts
 * and serves everyone else while a registry connection's OpenID provider answers 503, that
 * tenant gets 503 {@code idp_unavailable}, and it signs in again on its own once the provider is back.
 */
class RegistryIdpOutageTests {

    @TempDir
    Path dir;

    private RegistryTestNodes nodes;
    private TestProvider globexIdp;

    @BeforeEach
    void start() {
        nodes = new RegistryTestNodes("jdbc:h2:mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", dir);
        globexIdp = new TestProvider(TestTokens.RSA, "app-at-globex");
        nodes.addAcme();
        // Written by a back office that may reach this machine, where the test provider answers.
        try (JitRegistry loopback = JitRegistry.builder().store(JdbcRegistryStore.of(nodes.pool, nodes.prefix()))
                .domains(DomainRegistry.builder().store(JdbcDomainStore.of(nodes.pool, nodes.prefix())).build())
                .outboundPolicy(OutboundPolicy.builder().allowHttp().allow("127.0.0.0/8").build()).pollInterval(null)
                .build()) {
            loopback.createTenant("globex", "{}");
            loopback.createConnection("globex", "globex-oidc", "{\"oidc\": {\"issuer\": \"" + globexIdp.issuer()
                    + "\", \"clientId\": \"app-at-globex\", \"clientAuthentication\": \"none\"}}");
            loopback.markDomainVerified("globex", "globex.test", false);
        }
    }

    @AfterEach
    void stop() throws Exception {
        globexIdp.close();
        nodes.close();
    }

    private static HttpResponse<String> startSignIn(TestApp browser, String email) throws Exception {
        return browser.post("/sso/login", Map.of("email", email, "return", "/app/"));
    }

    @Test
    void signInWhenOneRegistryConnectionsIdpIsDownThenOnlyItsTenantWaitsAndRecoversOnItsOwn() throws Exception {
        globexIdp.down();
        TestApp node = nodes.nodeReachingLoopback();
        assertThat(globexIdp.discoveryRequests()).as("nothing is read at start").isZero();

        Started acme = RegistryTestNodes.startSignIn(node, "alice@acme.test").orElseThrow();
        assertThat(RegistryTestNodes.answer(node, acme, "alice-1", "alice@acme.test", List.of("acme-admins"))
                .statusCode()).isEqualTo(302);
        assertThat(node.get("/app/").body()).contains("user=alice@acme.test");

        HttpResponse<String> down = startSignIn(node.other(), "carol@globex.test");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains(JitErrorCodes.IDP_UNAVAILABLE).doesNotContain("127.0.0.1")
                .doesNotContain("Exception");

        globexIdp.up();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> back = startSignIn(node.other(), "carol@globex.test");
        while (back.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            back = startSignIn(node.other(), "carol@globex.test");
        }
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(query(URI.create(back.headers().firstValue("Location").orElseThrow())))
                .containsEntry("client_id", "app-at-globex");
        assertThat(globexIdp.discoveryRequests()).as("no request storm while it was down").isLessThanOrEqualTo(3);
    }

    @Test
    void everyReadOfARegistryConnectionsProviderIsToldWithItsIssuerAndFailure() throws Exception {
        List<Refresh> heard = new CopyOnWriteArrayList<>();
        try (JitRegistry registry = JitRegistry.builder().store(JdbcRegistryStore.of(nodes.pool, nodes.prefix()))
                .outboundPolicy(OutboundPolicy.builder().allowHttp().allow("127.0.0.0/8").build()).pollInterval(null)
                .refreshListener(heard::add).build()) {
            OidcProvider provider = registry.oidcProviderOf("globex-oidc").orElseThrow();
            provider.jwks().current();
            globexIdp.server().stubFor(WireMock.any(WireMock.anyUrl()).atPriority(1)
                    .willReturn(WireMock.aResponse().withStatus(503)));
            assertThat(provider.jwks().refreshForUnknownKey()).isEmpty();
        }

        assertThat(heard).extracting(r -> r.document().value() + " " + r.succeeded()).containsExactly(
                "oidc_discovery true", "jwks true", "jwks false");
        assertThat(heard.get(0).idp()).isEqualTo(globexIdp.issuer());
        assertThat(heard.get(2).idp()).startsWith(globexIdp.issuer().replaceAll("/[^/]*$", ""));
        assertThat(heard.get(2).failure()).contains("503");
    }

    @Test
    void thePeriodicCheckReadsEveryActiveConnectionSoItsListenerHearsOfThoseNobodySignsInThrough()
            throws Exception {
        List<Refresh> heard = new CopyOnWriteArrayList<>();
        try (JitRegistry registry = JitRegistry.builder().store(JdbcRegistryStore.of(nodes.pool, nodes.prefix()))
                .outboundPolicy(OutboundPolicy.builder().allowHttp().allow("127.0.0.0/8").build()).pollInterval(null)
                .refreshListener(heard::add).build()) {
            registry.checkConnections();
        }

        assertThat(heard).extracting(r -> r.document().value() + " " + r.idp() + " " + r.succeeded())
                .contains("oidc_discovery " + globexIdp.issuer() + " true");
        assertThat(heard).anySatisfy(r -> assertThat(r.document().value()).isEqualTo("saml_metadata"));
    }
}
