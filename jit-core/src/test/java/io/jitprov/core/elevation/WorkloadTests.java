package io.jitprov.core.elevation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jitprov.core.Account;
import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.RecordingAuditSink;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Workload identities: no human-only roles, no elevation without a rule that says so, shorter grants. */
class WorkloadTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final InMemoryUserStore accounts = new InMemoryUserStore(clock);
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final Tenant acme = TestTenants.acme().allowedKinds(IdentityKind.HUMAN, IdentityKind.WORKLOAD)
            .roleMapping(TestTenants.acme().build().roleMapping().toBuilder().humanOnlyRoles("admin").build())
            .elevation(ElevationRule.forRole("deployer").eligibleGroups("acme-eng-backend").maxDuration(Duration.ofHours(1))
                            .workloadsAllowed(true).build(),
                    ElevationRule.forRole("operator").eligibleGroups("acme-eng-backend").build(),
                    ElevationRule.forRole("admin").eligibleGroups("acme-eng-backend").workloadsAllowed(true).build())
            .build();
    private final TenantDirectory tenants = TenantDirectory.of(acme);
    private final Provisioner provisioner = Provisioner.builder()
            .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), tenants))
            .userStore(accounts).auditSink(audit).clock(clock).build();
    private final Elevation elevation = Elevation.builder().tenants(tenants).userStore(accounts)
            .grantStore(new InMemoryGrantStore()).auditSink(audit).clock(clock).build();

    private Account workload() {
        return provisioner.provision(TestIdentities.alice().subject("ci-deployer").kind(IdentityKind.WORKLOAD)
                .attributes(a -> a.put("email", List.of("ci@acme.test")))
                .attribute("groups", "acme-admins").build()).account().orElseThrow();
    }

    private Account person() {
        return provisioner.provision(TestIdentities.alice().attribute("groups", "acme-admins").build())
                .account().orElseThrow();
    }

    private static String refusal(Runnable action) {
        return catchThrowableOfType(ElevationRefusedException.class, action::run).refusal().code();
    }

    @Test
    void aWorkloadInTheAdminGroupIsNotMappedToAHumanOnlyRoleButAPersonIs() {
        assertThat(workload().roleNames()).containsExactlyInAnyOrder("member", "developer");
        assertThat(person().roleNames()).containsExactlyInAnyOrder("member", "developer", "admin");
    }

    @Test
    void workloadsGetShorterGrantsAndOnlyWhereTheRuleAllowsThem() {
        Account robot = workload();
        Account alice = person();

        AccessGrant robots = elevation.request(new ElevationRequest(robot.id(), "deployer", null, null, null,
                AuthenticationContext.unknown(), null));
        AccessGrant alices = elevation.request(new ElevationRequest(alice.id(), "deployer", null, null, null,
                AuthenticationContext.unknown(), null));

        assertThat(robots.duration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(alices.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(refusal(() -> elevation.request(new ElevationRequest(robot.id(), "operator", null, null, null,
                AuthenticationContext.unknown(), null)))).isEqualTo(JitErrorCodes.NOT_ELIGIBLE);
        assertThat(refusal(() -> elevation.request(new ElevationRequest(robot.id(), "admin", null, null, null,
                AuthenticationContext.unknown(), null)))).isEqualTo(JitErrorCodes.NOT_ELIGIBLE);
    }

    @Test
    void aWorkloadAskingLongerThanItsMaximumIsRefused() {
        Account robot = workload();

        assertThat(refusal(() -> elevation.request(new ElevationRequest(robot.id(), "deployer", Duration.ofMinutes(30),
                null, null, AuthenticationContext.unknown(), null)))).isEqualTo(JitErrorCodes.DURATION_INVALID);
        assertThat(elevation.activeRoles(robot.id())).isEmpty();
    }
}
