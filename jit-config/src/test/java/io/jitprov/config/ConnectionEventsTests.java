package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.memory.InMemoryRegistryStore;
import io.jitprov.core.registry.ConnectionEvent;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.saml.IdpSide;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the registry tells its event listener: changes as they are made, and notices of its periodic check, once. */
class ConnectionEventsTests {

    private final InMemoryRegistryStore store = new InMemoryRegistryStore();
    private final java.util.Map<String, List<String>> dns = new java.util.concurrent.ConcurrentHashMap<>();
    private final DomainRegistry domains = DomainRegistry.builder()
            .dnsLookup(name -> dns.getOrDefault(name, List.of())).build();
    private final List<ConnectionEvent> heard = new CopyOnWriteArrayList<>();
    private final List<ConnectionEvent> heardOnB = new CopyOnWriteArrayList<>();
    private final JitRegistry nodeA = JitRegistry.builder().store(store).domains(domains).pollInterval(null)
            .events(heard::add).build();
    private final JitRegistry nodeB = JitRegistry.builder().store(store).domains(domains).pollInterval(null)
            .events(heardOnB::add).build();

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    private static String saml(String metadata, boolean active) {
        return "{\"saml\": {\"metadata\": " + RegistryTestNodes.json(metadata) + "}" + (active ? "" : ", \"active\": false")
                + "}";
    }

    @Test
    void writesWhenConnectionTurnedOnChangedDeletedAndDomainVerifiedThenEachIsTold() {
        RegistryEditor backOffice = nodeA.actingAs(AuditActor.account("staff"));
        backOffice.createTenant("acme", "{}");
        backOffice.createConnection("acme", "acme-saml", saml(IdpSide.metadata(), false));
        backOffice.activateConnection("acme-saml", 1);
        backOffice.updateConnection("acme-saml", 2, saml(IdpSide.metadata(), true));
        backOffice.markDomainVerified("acme", "acme.test", false);
        backOffice.deleteConnection("acme-saml", 3);

        assertThat(heard).extracting(e -> e.type().value()).containsExactly("connection.activated",
                "connection.changed", "domain.verified", "connection.deleted");
        assertThat(heard.get(0).details()).containsEntry("idp", IdpSide.IDP);
        assertThat(heard.get(0).connectionId()).isEqualTo("acme-saml");
        assertThat(heard.get(2).domain()).isEqualTo("acme.test");
        assertThat(heard).allSatisfy(e -> assertThat(e.tenantId()).isEqualTo("acme"));
    }

    @Test
    void checkWhenACertificateExpiresWithinThirtyDaysThenOneNoticeAcrossNodesAndNotAgain() {
        nodeA.createTenant("acme", "{}");
        nodeA.createConnection("acme", "acme-saml", saml(IdpSide.metadataExpiringIn(IdpSide.IDP, Duration.ofDays(20)),
                true));
        nodeA.createConnection("acme", "acme-draft", saml(IdpSide.metadataExpiringIn("https://draft.test/saml",
                Duration.ofDays(3)), false));
        heard.clear();

        int toldByA = nodeA.checkConnections();
        int toldByB = nodeB.checkConnections();
        int again = nodeA.checkConnections();

        assertThat(toldByA + toldByB).as("one notice for both nodes").isEqualTo(1);
        assertThat(again).isZero();
        List<ConnectionEvent> all = new java.util.ArrayList<>(heard);
        all.addAll(heardOnB);
        assertThat(all).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ConnectionEvent.Type.CERTIFICATE_EXPIRING);
            assertThat(e.details()).containsEntry("daysLeft", "30").containsEntry("subject", "CN=soon.idp.acme.test");
            assertThat(e.connectionId()).as("drafts are not checked").isEqualTo("acme-saml");
        });
    }

    @Test
    void checkWhenCertificatesAreFarFromExpiryThenNothing() {
        nodeA.createTenant("acme", "{}");
        nodeA.createConnection("acme", "acme-saml", saml(IdpSide.metadata(), true));
        heard.clear();

        assertThat(nodeA.checkConnections()).isZero();
        assertThat(heard).isEmpty();
    }

    @Test
    void checkWhenADomainsProofIsGoneThenToldOnceAndTheDomainStays() {
        nodeA.createTenant("acme", "{}");
        var claim = nodeA.claimDomain("acme", "acme.test", false);
        dns.put(claim.txtRecordName(), List.of(claim.txtRecordValue()));
        nodeA.verifyDomainByDns("acme", "acme.test");
        nodeA.markDomainVerified("acme", "vouched.test", false);
        assertThat(nodeA.checkConnections()).as("proof still published").isZero();
        dns.clear();
        heard.clear();

        int first = nodeA.checkConnections() + nodeB.checkConnections();

        assertThat(first).isEqualTo(1);
        assertThat(heard).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ConnectionEvent.Type.DOMAIN_LOST);
            assertThat(e.domain()).isEqualTo("acme.test");
        });
        assertThat(domains.tenantFor("acme.test")).hasValue("acme");
    }

    @Test
    void fileWhenWebhookConfiguredThenChangesReachItSigned(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    + " " + exchange.getRequestHeaders().getFirst("X-Jit-Signature"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        java.util.concurrent.atomic.AtomicReference<JitRegistry> built = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("jit.yaml"), """
                    baseUrl: https://app.example
                    registry:
                      pollInterval: null
                      outbound: {allowHttp: true, allow: [127.0.0.0/8]}
                      events:
                        checkInterval: PT6H
                        webhook: {url: "http://127.0.0.1:%d/hook", secret: {env: HOOK_SECRET}}
                    """.formatted(receiver.getAddress().getPort()));
            JitConfigFile.load(file, name -> name.equals("HOOK_SECRET") ? "a-shared-secret-of-32-characters!!" : null,
                    (login, registry) -> built.set(registry));
            built.get().createTenant("acme", "{}");
            built.get().markDomainVerified("acme", "acme.test", false);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (bodies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(bodies).singleElement().satisfies(body -> assertThat(body).contains("\"type\":\"domain.verified\"")
                    .contains("\"domain\":\"acme.test\"").containsPattern("t=\\d+,v1=[0-9a-f]{64}$"));
        } finally {
            receiver.stop(0);
            if (built.get() != null) {
                built.get().close();
            }
        }
    }

    @Test
    void fileWhenWebhookHasNoSecretOrCheckIsTooFrequentThenProblemsByPath(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: https://app.example
                registry:
                  events:
                    checkInterval: PT1S
                    webhook: {url: "https://ops.example/hook"}
                """);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JitConfigFile.load(file, name -> null,
                (login, registry) -> { })).isInstanceOfSatisfying(JitConfigurationException.class, e ->
                        assertThat(e.problems()).anyMatch(p -> p.startsWith("registry.events.checkInterval:"))
                                .anyMatch(p -> p.startsWith("registry.events.webhook.secret: is required")));
    }

    @Test
    void eventsWhenListenerThrowsThenTheChangeStands() {
        try (JitRegistry throwing = JitRegistry.builder().store(store).domains(domains).pollInterval(null)
                .events(event -> {
                    throw new IllegalStateException("listener down");
                }).build()) {
            throwing.createTenant("acme", "{}");
            throwing.createConnection("acme", "acme-saml", saml(IdpSide.metadata(), false));

            throwing.actingAs(AuditActor.account("staff")).activateConnection("acme-saml", 1);

            assertThat(throwing.connection("acme-saml").orElseThrow().key()).isNotNull();
        }
    }
}
