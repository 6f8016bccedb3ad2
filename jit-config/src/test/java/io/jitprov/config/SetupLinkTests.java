package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.memory.InMemoryRegistryStore;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.servlet.IdpRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Setup links and draft connections through the registry's Java API. */
class SetupLinkTests {

    private static final String SAML = """
            {"saml": {"metadata": %s}, "active": false}""";

    private final InMemoryRegistryStore store = new InMemoryRegistryStore();
    private final MutableClock clock = MutableClock.at("2026-11-30T10:00:00Z");
    private final List<AuditEvent> events = new ArrayList<>();
    private final JitRegistry registry = JitRegistry.builder().store(store).pollInterval(null).auditSink(events::add)
            .clock(clock).build();
    private final RegistryEditor backOffice = registry.actingAs(AuditActor.account("staff-1"));

    @Test
    void issueSetupLinkWhenIssuedThenOpensUntilItExpiresAndOnlyItsHashIsKept() {
        registry.createTenant("acme", "{}");

        SetupLink link = backOffice.issueSetupLink("acme", Duration.ofDays(7));

        assertThat(link.token()).startsWith(link.id() + ".");
        assertThat(store.find(RegistryKind.SETUP_LINK, link.id()).orElseThrow().document())
                .doesNotContain(link.token().substring(link.id().length() + 1));
        assertThat(registry.openSetupLink(link.token())).hasValueSatisfying(opened -> {
            assertThat(opened.tenantId()).isEqualTo("acme");
            assertThat(opened.token()).isNull();
        });
        assertThat(link.toString()).doesNotContain(link.token());
        clock.advance(Duration.ofDays(7));
        assertThat(registry.openSetupLink(link.token())).isEmpty();
        assertThat(registry.liveSetupLink(link.id())).isEmpty();
        assertThat(registry.setupLinksOf("acme")).extracting(SetupLink::id).containsExactly(link.id());
    }

    @Test
    void issueSetupLinkWhenRevokedOrTenantDeletedThenOpensNothing() {
        registry.createTenant("acme", "{}");
        SetupLink revoked = backOffice.issueSetupLink("acme", Duration.ofDays(1));
        SetupLink dropped = backOffice.issueSetupLink("acme", Duration.ofDays(1));

        backOffice.revokeSetupLink(revoked.id());
        backOffice.deleteTenant("acme", 1);

        assertThat(registry.openSetupLink(revoked.token())).isEmpty();
        assertThat(registry.openSetupLink(dropped.token())).isEmpty();
        assertThat(events).extracting(e -> e.action().value()).contains("setup_link.issue", "setup_link.revoke");
        assertThat(events).filteredOn(e -> e.action().value().startsWith("setup_link."))
                .hasSize(4).allSatisfy(e -> assertThat(e.actor()).isEqualTo(AuditActor.account("staff-1")));
    }

    @Test
    void issueSetupLinkWhenValidityOutOfBoundsOrTenantUnknownThenRefused() {
        registry.createTenant("acme", "{}");

        assertThatThrownBy(() -> backOffice.issueSetupLink("acme", Duration.ofDays(31)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("A setup link is valid for up to 30 days");
        assertThatThrownBy(() -> backOffice.issueSetupLink("acme", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backOffice.issueSetupLink("nobody", Duration.ofDays(1)))
                .isInstanceOfSatisfying(RegistryConflictException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.ENTRY_NOT_FOUND));
        for (int i = 0; i < 20; i++) {
            backOffice.issueSetupLink("acme", Duration.ofDays(1));
        }
        assertThatThrownBy(() -> backOffice.issueSetupLink("acme", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revoke");
    }

    @Test
    void openSetupLinkWhenMalformedThenEmpty() {
        registry.createTenant("acme", "{}");
        SetupLink link = backOffice.issueSetupLink("acme", Duration.ofDays(1));

        for (String token : new String[] {"", ".", link.id(), link.id() + ".", link.token() + "x",
                link.token().replace('.', '_'), "x".repeat(10_000)}) {
            assertThat(registry.openSetupLink(token)).as(token).isEmpty();
        }
    }

    @Test
    void activateConnectionWhenDraftThenItsIdpIsRoutedOnlyFromThen() {
        registry.createTenant("acme", "{}");
        String metadata = RegistryTestNodes.json(io.jitprov.saml.IdpSide.metadata());
        backOffice.createConnection("acme", "acme-draft", SAML.formatted(metadata));

        assertThat(registry.routes().apply("acme")).isEmpty();
        assertThat(registry.samlIdentityProviders().find(io.jitprov.saml.IdpSide.IDP)).isEmpty();

        backOffice.activateConnection("acme-draft", 1);

        assertThat(registry.routes().apply("acme")).containsExactly(IdpRoute.saml(io.jitprov.saml.IdpSide.IDP));
        assertThat(registry.connection("acme-draft").orElseThrow().document()).doesNotContain("active");
        assertThat(events).extracting(e -> e.action().value()).contains("connection.activate");
    }

    @Test
    void activateConnectionWhenAnotherConnectionHoldsTheIdpThenRefusedAndStillDraft() {
        registry.createTenant("acme", "{}");
        registry.createTenant("globex", "{}");
        String metadata = RegistryTestNodes.json(io.jitprov.saml.IdpSide.metadata());
        registry.createConnection("globex", "globex-saml", "{\"saml\": {\"metadata\": " + metadata + "}}");
        backOffice.createConnection("acme", "acme-draft", SAML.formatted(metadata));

        assertThatThrownBy(() -> backOffice.activateConnection("acme-draft", 1))
                .isInstanceOfSatisfying(RegistryConflictException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.ENTRY_EXISTS));
        assertThat(registry.connection("acme-draft").orElseThrow().key()).isNull();
    }

    @Test
    void actorValueWhenSetupLinkThenRoundTrips() {
        AuditActor actor = AuditActor.setupLink("0123abcd");

        assertThat(actor.value()).isEqualTo("setup-link:0123abcd");
        assertThat(AuditActor.fromValue(actor.value())).isEqualTo(actor);
    }
}
