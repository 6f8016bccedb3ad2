package io.jitprov.core.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.NewAccount;
import io.jitprov.core.RecordingAuditSink;
import io.jitprov.core.TestTenants;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.ElevationRefusedException;
import io.jitprov.core.elevation.ElevationRequest;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.core.memory.InMemoryDelegationStore;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Delegated administration: explicit, named, time-bound, audited; never implicit, never inherited. */
class DelegationTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final InMemoryUserStore accounts = new InMemoryUserStore(clock);
    private final InMemoryGrantStore grants = new InMemoryGrantStore();
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final Tenant acme = TestTenants.acme()
            .elevation(ElevationRule.forRole("operator").eligibleGroups("acme-sre").approvals(ApprovalRequirement.ONE)
                    .approverRoles("admin").build())
            .build();
    private final Tenant reseller = Tenant.withId("reseller").trustedIssuers("https://idp.reseller.test").build();
    private final TenantDirectory tenants = TenantDirectory.of(acme, reseller);
    private final Delegations delegations = Delegations.builder().userStore(accounts)
            .delegationStore(new InMemoryDelegationStore()).auditSink(audit).clock(clock).build();
    private final Elevation elevation = Elevation.builder().tenants(tenants).userStore(accounts).grantStore(grants)
            .auditSink(audit).delegations(delegations).clock(clock).build();

    private final String acmeAdmin = account("acme", "ann", List.of(), Set.of("admin"));
    private final String alice = account("acme", "alice", List.of("acme-sre"), Set.of("member"));
    private final String acmeMember = account("acme", "max", List.of(), Set.of("member"));
    private final String partnerAdmin = account("reseller", "pat", List.of(), Set.of("admin"));
    private final String partnerUser = account("reseller", "pia", List.of(), Set.of("admin"));

    private String account(String tenant, String name, List<String> groups, Set<String> roles) {
        Set<AssignedRole> assigned = new HashSet<>();
        roles.forEach(r -> assigned.add(AssignedRole.manual(r)));
        return accounts.create(new NewAccount(tenant, name + "@" + tenant + ".test", IdentityKind.HUMAN,
                ValidatedAttributes.of(groups.isEmpty() ? Map.of() : Map.of("groups", groups)), assigned,
                List.of(new ExternalIdentity("https://idp." + tenant + ".test", name)), clock.instant()),
                Tenant.UNLIMITED_SEATS).id();
    }

    private AccessGrant aliceAsks() {
        return elevation.request(new ElevationRequest(alice, "operator", null, null, null,
                AuthenticationContext.unknown(), null));
    }

    /** The code of the refusal {@code action} ends in; it runs once. */
    private static String refusal(Runnable action) {
        RuntimeException thrown = catchThrowableOfType(RuntimeException.class, action::run);
        if (thrown instanceof ElevationRefusedException e) {
            return e.code();
        }
        return ((DelegationRefusedException) thrown).code();
    }

    private Account get(String id) {
        return accounts.findById(id).orElseThrow();
    }

    @Test
    void aNamedPartnerAdminApprovesOnlyWhileTheDelegationLasts() {
        AccessGrant first = aliceAsks();
        assertThat(refusal(() -> elevation.approve(first.id(), partnerAdmin))).isEqualTo(JitErrorCodes.APPROVER_NOT_ALLOWED);
        assertThat(elevation.awaitingApprovalBy(partnerAdmin)).isEmpty();

        Delegation made = delegations.delegate(acmeAdmin, partnerAdmin, Set.of(DelegatedPermission.APPROVE_ELEVATION),
                Duration.ofDays(7));

        assertThat(made.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(elevation.awaitingApprovalBy(partnerAdmin)).extracting(AccessGrant::id).containsExactly(first.id());
        assertThat(elevation.approve(first.id(), partnerAdmin).status()).isEqualTo(GrantStatus.ACTIVE);

        clock.advance(Duration.ofDays(7));
        AccessGrant later = aliceAsks();
        assertThat(refusal(() -> elevation.approve(later.id(), partnerAdmin))).isEqualTo(JitErrorCodes.APPROVER_NOT_ALLOWED);
        assertThat(elevation.approve(later.id(), acmeAdmin).status()).isEqualTo(GrantStatus.ACTIVE);
    }

    @Test
    void nothingIsImpliedForOthersOrPassedOn() {
        delegations.delegate(acmeAdmin, partnerAdmin, Set.of(DelegatedPermission.APPROVE_ELEVATION,
                DelegatedPermission.MANAGE_ACCOUNTS), Duration.ofDays(7));
        AccessGrant asked = aliceAsks();

        // Another admin of the same partner is not named: nothing for them.
        assertThat(refusal(() -> elevation.approve(asked.id(), partnerUser))).isEqualTo(JitErrorCodes.APPROVER_NOT_ALLOWED);
        assertThat(delegations.allows(get(partnerUser), "acme", DelegatedPermission.MANAGE_ACCOUNTS)).isFalse();
        // The delegate delegating "onwards" only ever delegates its own tenant, never acme.
        Delegation onwards = delegations.delegate(partnerAdmin, acmeMember, Set.of(DelegatedPermission.MANAGE_ACCOUNTS),
                Duration.ofDays(1));
        assertThat(onwards.tenantId()).isEqualTo("reseller");
        assertThat(delegations.allows(get(acmeMember), "acme", DelegatedPermission.MANAGE_ACCOUNTS)).isFalse();
        // Only what was listed.
        assertThat(delegations.allows(get(partnerAdmin), "acme", DelegatedPermission.MANAGE_ACCOUNTS)).isTrue();
        assertThat(delegations.allows(get(partnerAdmin), "acme", DelegatedPermission.REVIEW_ACCESS)).isFalse();
        // A disabled delegate loses it at once.
        accounts.disable(partnerAdmin);
        assertThat(delegations.allows(get(partnerAdmin), "acme", DelegatedPermission.MANAGE_ACCOUNTS)).isFalse();
    }

    @Test
    void onlyAnActiveAdminDelegatesToAnotherTenantForABoundedTime() {
        Set<DelegatedPermission> approve = Set.of(DelegatedPermission.APPROVE_ELEVATION);

        assertThat(refusal(() -> delegations.delegate(acmeMember, partnerAdmin, approve, Duration.ofDays(1))))
                .isEqualTo(JitErrorCodes.DELEGATION_NOT_ALLOWED);
        assertThat(refusal(() -> delegations.delegate(acmeAdmin, acmeMember, approve, Duration.ofDays(1))))
                .isEqualTo(JitErrorCodes.DELEGATION_NOT_ALLOWED);
        assertThat(refusal(() -> delegations.delegate(acmeAdmin, partnerAdmin, Set.of(), Duration.ofDays(1))))
                .isEqualTo(JitErrorCodes.DELEGATION_NOT_ALLOWED);
        assertThat(refusal(() -> delegations.delegate(acmeAdmin, partnerAdmin, approve, Duration.ofDays(91))))
                .isEqualTo(JitErrorCodes.DURATION_INVALID);
        assertThat(delegations.madeBy("acme")).isEmpty();
        assertThat(audit.events).hasSize(4).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.DELEGATION_GRANT);
            assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED);
        });
    }

    @Test
    void theDelegateOrAnAdminOfTheTenantEndsItEarlyAndEveryStepIsAudited() {
        Delegation made = delegations.delegate(acmeAdmin, partnerAdmin, Set.of(DelegatedPermission.REVIEW_ACCESS),
                Duration.ofDays(30));

        assertThat(refusal(() -> delegations.revoke(made.id(), partnerUser))).isEqualTo(JitErrorCodes.DELEGATION_NOT_ALLOWED);
        assertThat(refusal(() -> delegations.revoke("nope", acmeAdmin))).isEqualTo(JitErrorCodes.DELEGATION_NOT_FOUND);
        clock.advance(Duration.ofHours(1));
        Delegation ended = delegations.revoke(made.id(), acmeAdmin);

        assertThat(ended.revokedBy()).isEqualTo(acmeAdmin);
        assertThat(delegations.allows(get(partnerAdmin), "acme", DelegatedPermission.REVIEW_ACCESS)).isFalse();
        assertThat(audit.events).filteredOn(e -> e.outcome() == AuditOutcome.GRANTED || e.outcome() == AuditOutcome.REVOKED)
                .extracting(AuditEvent::action, AuditEvent::actor, AuditEvent::correlationId, AuditEvent::tenantId)
                .containsExactly(tuple(AuditAction.DELEGATION_GRANT, AuditActor.account(acmeAdmin), made.id(), "acme"),
                        tuple(AuditAction.DELEGATION_REVOKE, AuditActor.account(acmeAdmin), made.id(), "acme"));
    }
}
