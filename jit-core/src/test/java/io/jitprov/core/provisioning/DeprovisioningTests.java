package io.jitprov.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.Account;
import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.RecordingAuditSink;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.attributes.AttributeDefinition;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.ElevationRequest;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Last logins, inactivity, access end, and the Deprovisioner's disable, enable and delete. */
class DeprovisioningTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final InMemoryUserStore accounts = new InMemoryUserStore(clock);
    private final InMemoryGrantStore grants = new InMemoryGrantStore();
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final Tenant acme = TestTenants.acme().inactivityLimit(Duration.ofDays(90)).accessEndAttribute("contract_end")
            .elevation(ElevationRule.forRole("deployer").eligibleGroups("acme-eng-backend").build()).build();
    private final TenantDirectory tenants = TenantDirectory.of(acme, TestTenants.globex().build());
    private final Elevation elevation = Elevation.builder().tenants(tenants).userStore(accounts).grantStore(grants)
            .auditSink(audit).clock(clock).build();
    private final Deprovisioner deprovisioner = Deprovisioner.builder().userStore(accounts).elevation(elevation)
            .auditSink(audit).clock(clock).build();
    private final AccessSweeper sweeper = AccessSweeper.builder().elevation(elevation)
            .accounts(tenants, accounts, deprovisioner).clock(clock).accountSweepInterval(Duration.ZERO).build();

    private Provisioner provisioner() {
        // Only attributes the schema declares are kept, the access end among them.
        AttributeSchema schema = AttributeSchema.standard().toBuilder()
                .attribute(AttributeDefinition.named("contract_end").build()).build();
        return Provisioner.builder().schema(schema)
                .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), tenants))
                .userStore(accounts).auditSink(audit).deprovisioner(deprovisioner).clock(clock).build();
    }

    @Test
    void loginsRecordTheLastLoginAtMostHourly() {
        Provisioner provisioner = provisioner();
        Account created = provisioner.provision(TestIdentities.alice().build()).account().orElseThrow();
        assertThat(accounts.findById(created.id()).orElseThrow().lastLoginAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(30));
        provisioner.provision(TestIdentities.alice().build());
        assertThat(accounts.findById(created.id()).orElseThrow().lastLoginAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(30)));

        clock.advance(Duration.ofMinutes(31));
        provisioner.provision(TestIdentities.alice().build());
        assertThat(accounts.findById(created.id()).orElseThrow().lastLoginAt()).isEqualTo(clock.instant());
    }

    @Test
    void theSweeperDisablesInactiveAccountsAndEndsTheirGrantsButSparesActiveOnes() {
        Provisioner provisioner = provisioner();
        Account alice = provisioner.provision(TestIdentities.alice().build()).account().orElseThrow();
        elevation.request(new ElevationRequest(alice.id(), "deployer", null, null, null, AuthenticationContext.unknown(), null));
        clock.advance(Duration.ofDays(60));
        Account carol = provisioner.provision(TestIdentities.alice().subject("carol").attributes(a -> a.put("email",
                List.of("carol@acme.test"))).build()).account().orElseThrow();

        clock.advance(Duration.ofDays(31)); // alice: 91 days, carol: 31 days
        AccessSweeper.Report report = sweeper.sweep();

        assertThat(report.accountsDisabled()).isEqualTo(1);
        assertThat(accounts.findById(alice.id()).orElseThrow().active()).isFalse();
        assertThat(accounts.findById(carol.id()).orElseThrow().active()).isTrue();
        assertThat(grants.findOpenByAccount(alice.id())).isEmpty();
        assertThat(audit.events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.ACCOUNT_DISABLE);
            assertThat(e.code()).isEqualTo(JitErrorCodes.ACCOUNT_INACTIVE);
            assertThat(e.accountId()).isEqualTo(alice.id());
        });
        assertThat(provisioner.provision(TestIdentities.alice().build()).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.ACCOUNT_DISABLED);
        assertThat(sweeper.sweep().accountsDisabled()).isZero();
    }

    @Test
    void anIdpSayingTheAccountIsNotActiveRefusesTheLoginAndDisablesTheAccount() {
        Tenant strict = acme.toBuilder().statusAttribute("status", "ACTIVE").build();
        AttributeSchema schema = AttributeSchema.standard().toBuilder()
                .attribute(AttributeDefinition.named("status").build()).build();
        Provisioner provisioner = Provisioner.builder().schema(schema)
                .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), TenantDirectory.of(strict)))
                .userStore(accounts).auditSink(audit).clock(clock).build();
        Account alice = provisioner.provision(TestIdentities.alice().attribute("status", "active").build())
                .account().orElseThrow();

        ProvisioningResult suspended = provisioner.provision(TestIdentities.alice().attribute("status", "SUSPENDED").build());
        ProvisioningResult silent = provisioner.provision(TestIdentities.alice().subject("carol")
                .attributes(a -> a.put("email", List.of("carol@acme.test"))).build());

        assertThat(suspended.refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.DISABLED_AT_IDP);
        assertThat(accounts.findById(alice.id()).orElseThrow().active()).isFalse();
        assertThat(audit.events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.ACCOUNT_DISABLE);
            assertThat(e.code()).isEqualTo(JitErrorCodes.DISABLED_AT_IDP);
        });
        assertThat(silent.refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.ATTRIBUTE_MISSING);
        assertThat(accounts.findByIdentity("acme", TestIdentities.ACME_IDP, "carol")).isEmpty();
        assertThat(provisioner.provision(TestIdentities.alice().attribute("status", "ACTIVE").build())
                .refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.ACCOUNT_DISABLED);
    }

    @Test
    void accessEndRefusesTheLoginDisablesTheAccountAndTheSweeperCatchesThoseWhoDoNotSignIn() {
        Provisioner provisioner = provisioner();
        Account alice = provisioner.provision(TestIdentities.alice().attribute("contract_end", "2026-03-10").build())
                .account().orElseThrow();
        Account bob = provisioner.provision(TestIdentities.alice().subject("bob").attributes(a -> {
            a.put("email", List.of("bob@acme.test"));
            a.put("contract_end", List.of("2026-03-05T17:00:00Z"));
        }).build()).account().orElseThrow();

        clock.advance(Duration.ofDays(5)); // 2026-03-06: bob's ended, alice's runs through 03-10
        assertThat(sweeper.sweep().accountsDisabled()).isEqualTo(1);
        assertThat(accounts.findById(bob.id()).orElseThrow().active()).isFalse();

        clock.advance(Duration.ofDays(4).plusHours(11).plusMinutes(30)); // 2026-03-10T23:30Z
        elevation.request(new ElevationRequest(alice.id(), "deployer", null, null, null,
                AuthenticationContext.unknown(), null));
        clock.advance(Duration.ofMinutes(30)); // 2026-03-11T00:00Z: alice's last day is over
        assertThat(elevation.activeGrants(alice.id())).hasSize(1); // the clock alone would keep it to 00:30
        ProvisioningResult late = provisioner.provision(TestIdentities.alice().attribute("contract_end", "2026-03-10").build());

        assertThat(late.refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.ACCESS_ENDED);
        assertThat(accounts.findById(alice.id()).orElseThrow().active()).isFalse();
        assertThat(grants.findOpenByAccount(alice.id())).isEmpty();
        assertThat(provisioner.provision(TestIdentities.alice().attribute("contract_end", "soon").build())
                .refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.ATTRIBUTE_INVALID);
    }

    @Test
    void deprovisionerDisablesEnablesAndDeletesWithAnAuditedActor() {
        Account alice = provisioner().provision(TestIdentities.alice().build()).account().orElseThrow();
        JitError byAdmin = new JitError(JitErrorCodes.DEPROVISIONED, "left the company");

        assertThat(deprovisioner.disable(alice.id(), AuditActor.account("admin-1"), byAdmin).orElseThrow().active()).isFalse();
        assertThat(audit.last().actor()).isEqualTo(AuditActor.account("admin-1"));
        assertThat(audit.last().rolesRemoved()).isEqualTo(alice.roleNames());
        assertThat(deprovisioner.enable(alice.id(), AuditActor.account("admin-1"), byAdmin).orElseThrow().active()).isTrue();
        assertThat(deprovisioner.delete(alice.id(), null, byAdmin)).isTrue();
        assertThat(accounts.findById(alice.id())).isEmpty();
        assertThat(deprovisioner.delete(alice.id(), null, byAdmin)).isFalse();
        assertThat(audit.events).extracting(AuditEvent::action).contains(AuditAction.ACCOUNT_DISABLE, AuditAction.ACCOUNT_ENABLE,
                AuditAction.ACCOUNT_DELETE);
    }

    @Test
    void theAccountSweepRunsAtMostOncePerInterval() {
        AccessSweeper hourly = AccessSweeper.builder().accounts(tenants, accounts, deprovisioner).clock(clock).build();
        Account alice = provisioner().provision(TestIdentities.alice().build()).account().orElseThrow();
        hourly.sweep();
        clock.advance(Duration.ofDays(91));
        accounts.update(accounts.findById(alice.id()).orElseThrow().withAttributes(ValidatedAttributes.of(Map.of())));

        assertThat(hourly.sweep().accountsDisabled()).isEqualTo(1);
        assertThat(hourly.sweep().accountsDisabled()).isZero();
    }
}
