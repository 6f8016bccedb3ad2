package io.jitprov.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.DuplicateAccountException;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.NewAccount;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.UserStore;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcAuditTrailTests {

    private final HikariDataSource dataSource = TestDatabases.h2InMemory();
    private final JdbcAuditSink sink = JdbcAuditSink.of(dataSource);

    @AfterEach
    void close() {
        dataSource.close();
    }

    private Provisioner provisioner(UserStore store) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        return Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(TestTenants.acme().build())))
                .userStore(store).auditSink(sink).clock(MutableClock.at("2026-03-01T12:00:00Z")).build();
    }

    @Test
    void recordWhenSameEventTwiceThenOneRow() {
        AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.REFUSED, Instant.parse("2026-03-01T12:00:00Z"))
                .correlationId("c-1").tenantId("acme").identity("https://idp", "s")
                .errors(List.of(new JitError(JitErrorCodes.DOMAIN_NOT_VERIFIED, "Domain [x]"))).build();

        sink.record(event);
        sink.record(event);

        List<AuditEvent> trail = sink.recent("acme", 10);
        assertThat(trail).hasSize(1);
        assertThat(trail.get(0).id()).isEqualTo(event.id());
        assertThat(trail.get(0).errors()).containsExactly(new JitError(JitErrorCodes.DOMAIN_NOT_VERIFIED, "Domain [x]"));
    }

    @Test
    void recentOfIssuerWhenSeveralIdpsThenOnlyThatOnesNewestFirstEvenForALongIssuer() {
        String longIssuer = "https://idp.acme.test/" + "x".repeat(1100);
        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        for (int i = 0; i < 3; i++) {
            sink.record(AuditEvent.of(AuditAction.LOGIN, AuditOutcome.CREATED, at.plusSeconds(i)).correlationId("a-" + i)
                    .tenantId("acme").identity(longIssuer, "s" + i).build());
        }
        sink.record(AuditEvent.of(AuditAction.LOGIN, AuditOutcome.CREATED, at).correlationId("other")
                .tenantId("acme").identity("https://other.test", "s").build());

        assertThat(sink.recentOfIssuer(longIssuer, 2)).extracting(AuditEvent::correlationId).containsExactly("a-2", "a-1");
        assertThat(sink.recentOfIssuer("https://nobody.test", 10)).isEmpty();
    }

    @Test
    void provisionWhenAuditInSameTransactionThenEachDecisionOnceInTheTrail() {
        Provisioner provisioner = provisioner(JdbcUserStore.builder(dataSource).auditInSameTransaction(true).build());

        provisioner.provision(TestIdentities.alice().build());
        provisioner.provision(TestIdentities.alice().attribute("groups", "acme-admins").build());
        provisioner.provision(TestIdentities.alice().attribute("groups", "acme-admins").build());
        provisioner.provision(TestIdentities.alice().emailVerified(false).subject("x").build());

        List<AuditEvent> trail = sink.recent("acme", 10);
        assertThat(trail).extracting(AuditEvent::outcome).containsExactly(AuditOutcome.UNCHANGED, AuditOutcome.UPDATED,
                AuditOutcome.CREATED);
        assertThat(trail.get(1).rolesAdded()).containsExactly("admin");
        assertThat(trail.get(2).rolesAdded()).containsExactlyInAnyOrder("member", "developer");
    }

    @Test
    void createWhenTheWriteRollsBackThenTheTrailDoesNotClaimIt() {
        JdbcUserStore store = JdbcUserStore.builder(dataSource).auditInSameTransaction(true).build();
        NewAccount alice = new NewAccount("acme", "alice@acme.test", IdentityKind.HUMAN, ValidatedAttributes.empty(),
                Set.of(), List.of(new ExternalIdentity("https://idp", "alice")), Instant.parse("2026-03-01T11:00:00Z"));
        NewAccount impostor = new NewAccount("acme", "other@acme.test", IdentityKind.HUMAN, ValidatedAttributes.empty(),
                Set.of(), List.of(new ExternalIdentity("https://idp", "alice")), Instant.parse("2026-03-01T11:00:00Z"));
        AuditEvent created = event(alice.id());
        AuditEvent refused = event(impostor.id());

        store.create(alice, Tenant.UNLIMITED_SEATS, created);
        assertThatThrownBy(() -> store.create(impostor, Tenant.UNLIMITED_SEATS, refused))
                .isInstanceOf(DuplicateAccountException.class);

        assertThat(sink.recent("acme", 10)).extracting(AuditEvent::id).containsExactly(created.id());
    }

    private static AuditEvent event(String accountId) {
        return AuditEvent.of(AuditAction.LOGIN, AuditOutcome.CREATED, Instant.parse("2026-03-01T11:00:00Z"))
                .correlationId("c").tenantId("acme").identity("https://idp", "alice").accountId(accountId).build();
    }
}
