package io.jitprov.core.elevation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.AccessSweeper;
import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.StepUp;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Time-bound elevation against the clock: eligibility, approvals, step-up, expiry, revocation. */
class ElevationTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final InMemoryUserStore accounts = new InMemoryUserStore(clock);
    private final InMemoryGrantStore grants = new InMemoryGrantStore();
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final List<AccessGrant> told = new CopyOnWriteArrayList<>();

    private final Tenant acme = TestTenants.acme().elevation(
            ElevationRule.forRole("db-admin").eligibleGroups("acme-dba").maxDuration(Duration.ofHours(1))
                    .justificationRequired(true).approvals(ApprovalRequirement.ONE).approverRoles("admin").build(),
            ElevationRule.forRole("deployer").eligibleGroups("acme-eng-backend").maxDuration(Duration.ofMinutes(30))
                    .stepUp(StepUp.within(Duration.ofMinutes(10)).contexts("urn:acme:mfa").mfa()).build(),
            ElevationRule.forRole("break-glass").eligibleGroups("acme-sre").ticketRequired(true)
                    .approvals(ApprovalRequirement.TWO).build()).build();
    private final Tenant globex = TestTenants.globex().build();

    private final String alice = account(acme, "alice", List.of("acme-dba", "acme-eng-backend", "acme-sre"), Set.of());
    private final String bob = account(acme, "bob", List.of(), Set.of("admin"));
    private final String carol = account(acme, "carol", List.of(), Set.of("admin"));
    private final String dave = account(acme, "dave", List.of(), Set.of("member"));
    private final String eve = account(globex, "eve", List.of(), Set.of("admin"));

    private Elevation elevation() {
        return elevation(ApprovalHandler.PEOPLE);
    }

    private Elevation elevation(ApprovalHandler handler) {
        return Elevation.builder().tenants(TenantDirectory.of(acme, globex)).userStore(accounts).grantStore(grants)
                .auditSink(audit).listener(told::add).approvalHandler(handler).clock(clock).build();
    }

    private String account(Tenant tenant, String name, List<String> groups, Set<String> roles) {
        Set<AssignedRole> assigned = new java.util.HashSet<>();
        roles.forEach(r -> assigned.add(AssignedRole.mapped(r)));
        return accounts.create(new NewAccount(tenant.id(), name + "@" + tenant.id() + ".test", IdentityKind.HUMAN,
                ValidatedAttributes.of(groups.isEmpty() ? Map.of() : Map.of("groups", groups)), assigned,
                List.of(new ExternalIdentity("https://idp." + tenant.id(), name)), clock.instant()),
                Tenant.UNLIMITED_SEATS).id();
    }

    private static AuthenticationContext mfaAt(Instant when) {
        return new AuthenticationContext(when, null, "urn:acme:password", List.of("pwd", "mfa"));
    }

    private ElevationRequest ask(String accountId, String role, String justification, String ticket) {
        return new ElevationRequest(accountId, role, null, justification, ticket, mfaAt(clock.instant()), "_session-1");
    }

    private static void assertRefused(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ElevationRefusedException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void requestWithoutApprovalIsActiveAndEndsExactlyAtItsExpiryWhateverTheSweeper() {
        Elevation elevation = elevation();
        AccessGrant grant = elevation.request(new ElevationRequest(alice, "deployer", Duration.ofMinutes(20), null, null,
                mfaAt(clock.instant()), null));

        assertThat(grant.status()).isEqualTo(GrantStatus.ACTIVE);
        assertThat(elevation.activeRoles(alice)).containsExactly("deployer");
        assertThat(audit.last().rolesAdded()).containsExactly("deployer");

        clock.advance(Duration.ofMinutes(20).minusMillis(1));
        assertThat(elevation.activeRoles(alice)).containsExactly("deployer");
        clock.advance(Duration.ofMillis(1));
        assertThat(elevation.activeRoles(alice)).isEmpty();

        clock.advance(Duration.ofHours(1)); // the sweeper runs an hour late: access was already gone
        assertThat(elevation.activeRoles(alice)).isEmpty();
        assertThat(AccessSweeper.builder().elevation(elevation).build().sweep().grantsEnded()).isEqualTo(1);
        assertThat(grants.findById(grant.id()).orElseThrow().status()).isEqualTo(GrantStatus.EXPIRED);
        assertThat(audit.last().action()).isEqualTo(AuditAction.ELEVATION_EXPIRE);
        assertThat(audit.last().rolesRemoved()).containsExactly("deployer");
        assertThat(AccessSweeper.builder().elevation(elevation).build().sweep().grantsEnded()).isZero();
    }

    @Test
    void requestWhenNotEligibleOrTooLongOrMissingReasonsThenRefusedAndAudited() {
        Elevation elevation = elevation();

        assertRefused(() -> elevation.request(ask(dave, "db-admin", "why", null)), JitErrorCodes.NOT_ELIGIBLE);
        assertRefused(() -> elevation.request(ask(alice, "root", "why", null)), JitErrorCodes.NOT_ELIGIBLE);
        assertRefused(() -> elevation.request(ask(alice, "db-admin", " ", null)), JitErrorCodes.JUSTIFICATION_REQUIRED);
        assertRefused(() -> elevation.request(ask(alice, "break-glass", null, null)), JitErrorCodes.TICKET_REQUIRED);
        assertRefused(() -> elevation.request(new ElevationRequest(alice, "db-admin", Duration.ofHours(2), "why", null,
                mfaAt(clock.instant()), null)), JitErrorCodes.DURATION_INVALID);
        assertRefused(() -> elevation.request(ask(eve, "db-admin", "why", null)), JitErrorCodes.NOT_ELIGIBLE);

        assertThat(grants.findByAccount(alice)).isEmpty();
        assertThat(audit.events).hasSize(6).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED));
        assertThat(audit.events.get(0).errors().get(0).code()).isEqualTo(JitErrorCodes.NOT_ELIGIBLE);
    }

    @Test
    void requestWhenAuthenticationIsStaleOrWeakThenStepUpRequiredWithWhatToAskFor() {
        Elevation elevation = elevation();
        Instant now = clock.instant();
        AuthenticationContext stale = mfaAt(now.minus(Duration.ofMinutes(11)));
        AuthenticationContext passwordOnly = new AuthenticationContext(now, null, "urn:acme:password", List.of("pwd"));
        AuthenticationContext samlMfa = new AuthenticationContext(now, "urn:acme:mfa", null, List.of());

        assertThatThrownBy(() -> elevation.request(new ElevationRequest(alice, "deployer", null, null, null, stale, null)))
                .isInstanceOfSatisfying(ElevationRefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo(JitErrorCodes.STEP_UP_REQUIRED);
                    assertThat(e.stepUp().orElseThrow().maxAge()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(e.stepUp().orElseThrow().requiresMfa()).isTrue();
                });
        assertRefused(() -> elevation.request(new ElevationRequest(alice, "deployer", null, null, null, passwordOnly,
                null)), JitErrorCodes.STEP_UP_REQUIRED);
        assertRefused(() -> elevation.request(new ElevationRequest(alice, "deployer", null, null, null,
                AuthenticationContext.unknown(), null)), JitErrorCodes.STEP_UP_REQUIRED);
        assertThat(elevation.request(new ElevationRequest(alice, "deployer", null, null, null, samlMfa, null)).status())
                .isEqualTo(GrantStatus.ACTIVE);
    }

    @Test
    void approvalByAnApproverActivatesForTheFullDurationFromApproval() {
        Elevation elevation = elevation();
        AccessGrant pending = elevation.request(ask(alice, "db-admin", "INC-4411 failover", null));
        assertThat(pending.status()).isEqualTo(GrantStatus.PENDING);
        assertThat(elevation.activeRoles(alice)).isEmpty();
        assertThat(elevation.awaitingApprovalBy(bob)).extracting(AccessGrant::id).containsExactly(pending.id());
        assertThat(elevation.awaitingApprovalBy(dave)).isEmpty();
        assertThat(elevation.awaitingApprovalBy(eve)).isEmpty();

        clock.advance(Duration.ofMinutes(15));
        AccessGrant active = elevation.approve(pending.id(), bob);

        assertThat(active.status()).isEqualTo(GrantStatus.ACTIVE);
        assertThat(active.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(elevation.activeRoles(alice)).containsExactly("db-admin");
        assertThat(audit.last().actor()).isEqualTo(AuditActor.account(bob));
        assertThat(audit.last().rolesAdded()).containsExactly("db-admin");
        assertThat(told).extracting(AccessGrant::status).containsExactly(GrantStatus.PENDING, GrantStatus.ACTIVE);
    }

    @Test
    void approvalByTheRequesterANonApproverOrAnotherTenantIsRefused() {
        Elevation elevation = elevation();
        AccessGrant pending = elevation.request(ask(alice, "db-admin", "why", null));

        assertRefused(() -> elevation.approve(pending.id(), alice), JitErrorCodes.APPROVER_NOT_ALLOWED);
        assertRefused(() -> elevation.approve(pending.id(), dave), JitErrorCodes.APPROVER_NOT_ALLOWED);
        assertRefused(() -> elevation.approve(pending.id(), eve), JitErrorCodes.APPROVER_NOT_ALLOWED);
        assertRefused(() -> elevation.approve("no-such-grant", bob), JitErrorCodes.GRANT_NOT_FOUND);
        accounts.disable(bob);
        assertRefused(() -> elevation.approve(pending.id(), bob), JitErrorCodes.APPROVER_NOT_ALLOWED);

        assertThat(grants.findById(pending.id()).orElseThrow().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(audit.last().outcome()).isEqualTo(AuditOutcome.REFUSED);
    }

    @Test
    void breakGlassNeedsTwoDistinctApprovers() {
        Elevation elevation = elevation();
        AccessGrant pending = elevation.request(ask(alice, "break-glass", null, "INC-9"));

        AccessGrant once = elevation.approve(pending.id(), bob);
        assertThat(once.status()).isEqualTo(GrantStatus.PENDING);
        assertThat(audit.last().outcome()).isEqualTo(AuditOutcome.APPROVED);
        assertRefused(() -> elevation.approve(pending.id(), bob), JitErrorCodes.APPROVER_NOT_ALLOWED);

        AccessGrant twice = elevation.approve(pending.id(), carol);

        assertThat(twice.status()).isEqualTo(GrantStatus.ACTIVE);
        assertThat(twice.approvals()).extracting(AccessGrant.Approval::approverId).containsExactly(bob, carol);
    }

    @Test
    void deniedOrTimedOutRequestsCannotBeApproved() {
        Elevation elevation = elevation();
        AccessGrant denied = elevation.deny(elevation.request(ask(alice, "db-admin", "why", null)).id(), bob, "not now");
        assertThat(denied.status()).isEqualTo(GrantStatus.DENIED);
        assertRefused(() -> elevation.approve(denied.id(), carol), JitErrorCodes.GRANT_NOT_OPEN);

        AccessGrant late = elevation.request(ask(alice, "db-admin", "again", null));
        clock.advance(Duration.ofHours(24));
        assertRefused(() -> elevation.approve(late.id(), bob), JitErrorCodes.GRANT_NOT_OPEN);
        assertThat(AccessSweeper.builder().elevation(elevation).build().sweep().grantsEnded()).isEqualTo(1);
        assertThat(grants.findById(late.id()).orElseThrow().status()).isEqualTo(GrantStatus.EXPIRED);
    }

    @Test
    void requestWhenTheRoleIsHeldOrAlreadyAskedForThenRefused() {
        Elevation elevation = elevation();
        elevation.request(ask(alice, "db-admin", "why", null));

        assertRefused(() -> elevation.request(ask(alice, "db-admin", "why again", null)), JitErrorCodes.ROLE_ALREADY_HELD);
        Account account = accounts.findById(alice).orElseThrow();
        accounts.update(account.withRoles(Set.of(AssignedRole.manual("deployer"))));
        assertRefused(() -> elevation.request(ask(alice, "deployer", null, null)), JitErrorCodes.ROLE_ALREADY_HELD);
    }

    @Test
    void revokeByTheRequesterOrAnApproverEndsAccessAtOnceOthersAreRefused() {
        Elevation elevation = elevation();
        AccessGrant own = elevation.request(ask(alice, "deployer", null, null));
        AccessGrant approved = elevation.approve(elevation.request(ask(alice, "db-admin", "why", null)).id(), bob);

        assertRefused(() -> elevation.revoke(approved.id(), dave, "curious"), JitErrorCodes.APPROVER_NOT_ALLOWED);
        elevation.revoke(own.id(), alice, "done");
        elevation.revoke(approved.id(), carol, "incident closed");

        assertThat(elevation.activeRoles(alice)).isEmpty();
        assertThat(grants.findById(approved.id()).orElseThrow().endedBy()).isEqualTo(carol);
        assertThat(audit.last().rolesRemoved()).containsExactly("db-admin");
        assertRefused(() -> elevation.revoke(approved.id(), carol, "again"), JitErrorCodes.GRANT_NOT_OPEN);
    }

    @Test
    void revokeAllForALoggedOutSessionEndsOnlyThatSessionsGrants() {
        Elevation elevation = elevation();
        elevation.request(new ElevationRequest(alice, "deployer", null, null, null, mfaAt(clock.instant()), "_session-1"));
        AccessGrant other = elevation.request(new ElevationRequest(alice, "db-admin", null, "why", null,
                mfaAt(clock.instant()), "_session-2"));

        assertThat(elevation.revokeAll(alice, Set.of("_session-1"), "idp logout")).isEqualTo(1);

        assertThat(elevation.activeRoles(alice)).isEmpty();
        assertThat(grants.findById(other.id()).orElseThrow().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(elevation.revokeAll(alice, Set.of(), "deprovisioned")).isEqualTo(1);
        assertThat(grants.findOpenByAccount(alice)).isEmpty();
    }

    @Test
    void approvalHandlerCanApproveOrDenyAndItsApprovalIsOnlyOneOfTwo() {
        AccessGrant denied = elevation(pending -> ApprovalHandler.Decision.DENY).request(ask(alice, "db-admin", "x", null));
        assertThat(denied.status()).isEqualTo(GrantStatus.DENIED);
        assertThat(denied.endedBy()).isEqualTo(ApprovalHandler.HANDLER_APPROVER);

        assertThat(elevation(pending -> ApprovalHandler.Decision.APPROVE).request(ask(alice, "db-admin", "why", null))
                .status()).isEqualTo(GrantStatus.ACTIVE);
        AccessGrant breakGlass = elevation(pending -> ApprovalHandler.Decision.APPROVE)
                .request(ask(alice, "break-glass", null, "INC-9"));
        assertThat(breakGlass.status()).isEqualTo(GrantStatus.PENDING);
        assertThat(breakGlass.approvals()).extracting(AccessGrant.Approval::approverId)
                .containsExactly(ApprovalHandler.HANDLER_APPROVER);
    }

    @Test
    void disabledAccountsAndWorkloadsCannotAsk() {
        Elevation elevation = elevation();
        accounts.disable(alice);
        assertRefused(() -> elevation.request(ask(alice, "deployer", null, null)), JitErrorCodes.ACCOUNT_DISABLED);

        String robot = accounts.create(new NewAccount("acme", null, IdentityKind.WORKLOAD,
                ValidatedAttributes.of(Map.of("groups", List.of("acme-eng-backend"))), Set.of(),
                List.of(new ExternalIdentity("https://idp.acme", "ci")), clock.instant()), Tenant.UNLIMITED_SEATS).id();
        assertRefused(() -> elevation.request(ask(robot, "deployer", null, null)), JitErrorCodes.NOT_ELIGIBLE);
    }

    @Test
    void aFailingListenerDoesNotUndoTheChange() {
        Elevation elevation = Elevation.builder().tenants(TenantDirectory.of(acme)).userStore(accounts).grantStore(grants)
                .auditSink(audit).listener(g -> {
                    throw new IllegalStateException("mail server down");
                }).clock(clock).build();

        assertThat(elevation.request(ask(alice, "deployer", null, null)).status()).isEqualTo(GrantStatus.ACTIVE);
        assertThat(elevation.activeRoles(alice)).containsExactly("deployer");
    }

    @Test
    void twoApproversRacingOnABreakGlassGrantBothCount() throws Exception {
        Elevation elevation = elevation();
        AccessGrant pending = elevation.request(ask(alice, "break-glass", null, "INC-9"));
        List<Thread> threads = new ArrayList<>();
        for (String approver : List.of(bob, carol)) {
            Thread thread = new Thread(() -> elevation.approve(pending.id(), approver));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        AccessGrant stored = grants.findById(pending.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(GrantStatus.ACTIVE);
        assertThat(stored.approvals()).extracting(AccessGrant.Approval::approverId).containsExactlyInAnyOrder(bob, carol);
    }
}
