package io.jitprov.core.elevation;

import io.jitprov.core.Account;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.UserStore;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.delegation.DelegatedPermission;
import io.jitprov.core.delegation.Delegations;
import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Time-bound elevation: people ask for a role their tenant makes them eligible for, approvers
 * approve or deny, and the grant gives the role until it expires or is revoked. Every decision,
 * refusals included, is audited; every change is told to the {@link GrantListener}.
 *
 * <pre>{@code
 * Elevation elevation = Elevation.builder()
 *         .tenants(tenants).userStore(accounts).grantStore(grants).auditSink(audit)
 *         .build();
 * AccessGrant grant = elevation.request(new ElevationRequest(accountId, "db-admin",
 *         Duration.ofMinutes(30), "INC-4411 failover", null, authentication, sessionId));
 * elevation.approve(grant.id(), approverAccountId);
 * Set<String> extra = elevation.activeRoles(accountId);   // on every request
 * }</pre>
 *
 * @since 0.1
 */
public final class Elevation {

    private final TenantDirectory tenants;
    private final UserStore accounts;
    private final GrantWrites writes;
    private final GrantStore grants;
    private final Clock clock;
    private final ApprovalHandler approvalHandler;
    private final Duration pendingTimeout;
    private final @Nullable Delegations delegations;

    private Elevation(Builder b) {
        this.tenants = Objects.requireNonNull(b.tenants, "tenants must be set");
        this.accounts = Objects.requireNonNull(b.accounts, "userStore must be set");
        this.grants = Objects.requireNonNull(b.grants, "grantStore must be set");
        this.clock = b.clock;
        this.approvalHandler = b.approvalHandler;
        this.pendingTimeout = b.pendingTimeout;
        this.delegations = b.delegations;
        this.writes = new GrantWrites(grants, b.audit, b.listener, clock);
    }

    /** Starts an elevation service; tenants, user store and grant store are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Asks for a role: stored active when the rule needs no approval, else pending (and put to the
     * {@link ApprovalHandler}).
     *
     * @throws ElevationRefusedException when the account is not eligible, the duration is too long,
     *     a justification or ticket is missing, the session needs a step-up, or the role is held;
     *     ({@code text_invalid}) when the justification, ticket or session id is longer than a grant
     *     keeps ({@link AccessGrant#MAX_JUSTIFICATION_LENGTH} and its neighbours), checked first
     */
    public AccessGrant request(ElevationRequest request) {
        Instant now = now();
        Account account = null;
        ElevationRule rule;
        Duration duration;
        try {
            ElevationChecks.texts(request);
            account = accounts.findById(request.accountId()).orElse(null);
            rule = ElevationChecks.rule(account, request, tenants);
            ElevationChecks.request(Objects.requireNonNull(account), rule, request, now);
            duration = ElevationChecks.duration(account, rule, request.duration());
            List<AccessGrant> open = grants.findOpenByAccount(account.id());
            ElevationChecks.notHeld(account, request.role(), open, now);
            endLapsed(open, request.role(), now);
        } catch (ElevationRefusedException e) {
            writes.refused(AuditAction.ELEVATION_REQUEST, account == null ? null : account.tenantId(), request.accountId(),
                    request.accountId(), e);
            throw e;
        }
        AccessGrant pending = new AccessGrant(UUID.randomUUID().toString(), account.tenantId(), account.id(),
                request.role(), GrantStatus.PENDING, now, duration, ElevationChecks.strippedOrNull(request.justification()),
                ElevationChecks.strippedOrNull(request.ticket()), request.sessionId(), List.of(), null, null, null, null, null, 0);
        AccessGrant stored;
        try {
            stored = writes.create(rule.approvals() == ApprovalRequirement.NONE ? pending.activated(now) : pending,
                    AuditAction.ELEVATION_REQUEST, request.accountId());
        } catch (DuplicateGrantException raced) {
            // Another request for the role (a double submit, another node) got there first.
            ElevationRefusedException e = ElevationChecks.refused(JitErrorCodes.ROLE_ALREADY_HELD, "Account ["
                    + account.id() + "] has just asked for role [" + request.role() + "]");
            writes.refused(AuditAction.ELEVATION_REQUEST, account.tenantId(), request.accountId(), request.accountId(), e);
            throw e;
        }
        return stored.status() == GrantStatus.PENDING ? askHandler(stored, rule) : stored;
    }

    /**
     * Ends the account's grants of {@code role} that ran out but were not swept yet: they no longer
     * count as holding the role, and the store keeps one open grant per role.
     */
    private void endLapsed(List<AccessGrant> open, String role, Instant now) {
        for (AccessGrant grant : open) {
            if (grant.role().equals(role) && grant.status() == GrantStatus.ACTIVE && !grant.activeAt(now)) {
                writes.endBySystem(grant.id(), GrantStatus.EXPIRED, AuditAction.ELEVATION_EXPIRE, "time ran out");
            }
        }
    }

    /**
     * One approval by {@code approverId}; the grant becomes active when it has as many as its rule
     * asks, and runs for its full duration from then.
     *
     * @throws ElevationRefusedException when the grant is not pending (or waited too long), or the
     *     approver is the requester, is not in the tenant, lacks an approver role, or approved already
     */
    public AccessGrant approve(String grantId, String approverId) {
        return writes.change(grantId, AuditAction.ELEVATION_APPROVE, approverId, grant -> {
            ElevationRule rule = pendingRule(grant);
            ElevationChecks.approver(grant, rule, mayApprove(grant, rule, approverId), approverId);
            AccessGrant approved = grant.withApproval(approverId, now());
            return approved.approvals().size() >= rule.approvals().count() ? approved.activated(now()) : approved;
        });
    }

    /**
     * Refuses a pending grant; the same people who may approve it may deny it.
     *
     * @throws ElevationRefusedException ({@code text_invalid}) when {@code reason} is longer than
     *     {@link AccessGrant#MAX_END_REASON_LENGTH}, before the grant is read; else as {@link #approve}
     */
    public AccessGrant deny(String grantId, String approverId, String reason) {
        reasonFits(AuditAction.ELEVATION_DENY, approverId, reason);
        return writes.change(grantId, AuditAction.ELEVATION_DENY, approverId, grant -> {
            ElevationRule rule = pendingRule(grant);
            ElevationChecks.approver(grant, rule, mayApprove(grant, rule, approverId), approverId);
            return grant.ended(GrantStatus.DENIED, now(), approverId, reason);
        });
    }

    /**
     * Ends a pending or active grant early. The requester may end their own; so may anyone the
     * rule lets approve it.
     *
     * @throws ElevationRefusedException ({@code text_invalid}) when {@code reason} is longer than
     *     {@link AccessGrant#MAX_END_REASON_LENGTH}, before the grant is read
     */
    public AccessGrant revoke(String grantId, String byAccountId, String reason) {
        reasonFits(AuditAction.ELEVATION_REVOKE, byAccountId, reason);
        return writes.change(grantId, AuditAction.ELEVATION_REVOKE, byAccountId, grant -> {
            if (grant.status() != GrantStatus.PENDING && !grant.activeAt(now())) {
                throw ElevationChecks.refused(JitErrorCodes.GRANT_NOT_OPEN, "Grant " + grant.id() + " has ended");
            }
            if (!grant.accountId().equals(byAccountId)) {
                ElevationRule rule = tenants.find(grant.tenantId()).flatMap(t -> t.elevationRule(grant.role()))
                        .orElseThrow(() -> ElevationChecks.refused(JitErrorCodes.APPROVER_NOT_ALLOWED,
                                "No rule names who may end grants of [" + grant.role() + "]"));
                ElevationChecks.canDecide(grant, rule, mayApprove(grant, rule, byAccountId), byAccountId);
            }
            return grant.ended(GrantStatus.REVOKED, now(), byAccountId, reason);
        });
    }

    /**
     * Ends the account's open grants, those bound to {@code sessionIds} only when some are given:
     * what IdP logout and deprovisioning do. Returns how many ended. A {@code reason} longer than
     * {@link AccessGrant#MAX_END_REASON_LENGTH} is cut, never a cause for a grant to stay.
     */
    public int revokeAll(String accountId, Collection<String> sessionIds, String reason) {
        int ended = 0;
        for (AccessGrant grant : grants.findOpenByAccount(accountId)) {
            if (sessionIds.isEmpty() || grant.sessionId() != null && sessionIds.contains(grant.sessionId())) {
                ended += writes.endBySystem(grant.id(), GrantStatus.REVOKED, AuditAction.ELEVATION_REVOKE, reason) ? 1 : 0;
            }
        }
        return ended;
    }

    /** The account's grants that give their role now: compared with the clock, never with a sweeper's work. */
    public List<AccessGrant> activeGrants(String accountId) {
        Instant now = now();
        return grants.findOpenByAccount(accountId).stream().filter(g -> g.activeAt(now)).toList();
    }

    /** The roles the account's active grants give now. */
    public Set<String> activeRoles(String accountId) {
        Set<String> roles = new TreeSet<>();
        activeGrants(accountId).forEach(g -> roles.add(g.role()));
        return roles;
    }

    /** The account's grants that are pending, or active now. */
    public List<AccessGrant> openGrants(String accountId) {
        Instant now = now();
        return grants.findOpenByAccount(accountId).stream()
                .filter(g -> g.status() == GrantStatus.PENDING && !pendingTooLong(g, now) || g.activeAt(now)).toList();
    }

    /** The rules of the account's tenant it is eligible for: the roles it may ask for. */
    public List<ElevationRule> eligibleRules(String accountId) {
        Account account = accounts.findById(accountId).orElse(null);
        if (account == null || !account.active()) {
            return List.of();
        }
        return tenants.find(account.tenantId()).map(t -> t.elevationRules().stream().filter(r -> r.eligible(account))
                .toList()).orElse(List.of());
    }

    /**
     * The pending grants that {@code approverId} may decide: of its own tenant, and of the tenants
     * that delegated approvals to it.
     */
    public List<AccessGrant> awaitingApprovalBy(String approverId) {
        Account approver = accounts.findById(approverId).orElse(null);
        if (approver == null || !approver.active()) {
            return List.of();
        }
        Set<String> tenantIds = new LinkedHashSet<>();
        tenantIds.add(approver.tenantId());
        if (delegations != null) {
            tenantIds.addAll(delegations.tenantsFor(approver, DelegatedPermission.APPROVE_ELEVATION));
        }
        Instant now = now();
        return tenantIds.stream().flatMap(t -> grants.findOpenByTenant(t).stream())
                .filter(g -> g.status() == GrantStatus.PENDING && !pendingTooLong(g, now))
                .filter(g -> tenants.find(g.tenantId()).flatMap(t -> t.elevationRule(g.role()))
                        .map(rule -> mayApprove(g, rule, approver)).orElse(false))
                .toList();
    }

    private boolean mayApprove(AccessGrant grant, ElevationRule rule, String approverId) {
        return accounts.findById(approverId).map(approver -> mayApprove(grant, rule, approver)).orElse(false);
    }

    /** An approver of the grant's own tenant, or a partner's admin the tenant delegated approvals to. */
    private boolean mayApprove(AccessGrant grant, ElevationRule rule, Account approver) {
        return ElevationChecks.mayApproveInTenant(grant, rule, approver) || delegations != null
                && delegations.allows(approver, grant.tenantId(), DelegatedPermission.APPROVE_ELEVATION);
    }

    /**
     * Marks grants past their expiry, and requests nobody approved in time, expired, at most
     * {@code batch} of each; returns how many ended. {@code AccessSweeper} calls it on its schedule.
     */
    public int expireDue(int batch) {
        Instant now = now();
        int ended = 0;
        for (AccessGrant grant : grants.findExpired(now, batch)) {
            ended += writes.endBySystem(grant.id(), GrantStatus.EXPIRED, AuditAction.ELEVATION_EXPIRE, "time ran out") ? 1 : 0;
        }
        for (AccessGrant grant : grants.findPendingSince(now.minus(pendingTimeout), batch)) {
            ended += writes.endBySystem(grant.id(), GrantStatus.EXPIRED, AuditAction.ELEVATION_EXPIRE, "nobody approved in time")
                    ? 1 : 0;
        }
        return ended;
    }

    private AccessGrant askHandler(AccessGrant pending, ElevationRule rule) {
        ApprovalHandler.Decision decision = approvalHandler.decide(pending);
        if (decision == ApprovalHandler.Decision.DEFER) {
            return pending;
        }
        UnaryOperator<AccessGrant> change = decision == ApprovalHandler.Decision.DENY
                ? g -> g.ended(GrantStatus.DENIED, now(), ApprovalHandler.HANDLER_APPROVER, "approval handler")
                : g -> {
                    AccessGrant approved = g.withApproval(ApprovalHandler.HANDLER_APPROVER, now());
                    return approved.approvals().size() >= rule.approvals().count() ? approved.activated(now())
                            : approved;
                };
        AuditAction action = decision == ApprovalHandler.Decision.DENY ? AuditAction.ELEVATION_DENY : AuditAction.ELEVATION_APPROVE;
        return writes.change(pending.id(), action, ApprovalHandler.HANDLER_APPROVER, change);
    }

    private ElevationRule pendingRule(AccessGrant grant) {
        if (grant.status() != GrantStatus.PENDING || pendingTooLong(grant, now())) {
            throw ElevationChecks.refused(JitErrorCodes.GRANT_NOT_OPEN, "Grant " + grant.id() + " is not waiting for"
                    + " approval (" + grant.status().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return tenants.find(grant.tenantId()).flatMap(t -> t.elevationRule(grant.role()))
                .orElseThrow(() -> ElevationChecks.refused(JitErrorCodes.NOT_ELIGIBLE, "Tenant [" + grant.tenantId()
                        + "] no longer has an elevation rule for [" + grant.role() + "]"));
    }

    private boolean pendingTooLong(AccessGrant grant, Instant now) {
        return grant.status() == GrantStatus.PENDING && !now.isBefore(grant.requestedAt().plus(pendingTimeout));
    }

    /** Milliseconds: what every store keeps, so a stored grant reads back equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Refuses a reason no grant can keep before the grant is read; the refusal is audited like any other. */
    private void reasonFits(AuditAction action, String actor, String reason) {
        try {
            ElevationChecks.text("reason", reason, AccessGrant.MAX_END_REASON_LENGTH);
        } catch (ElevationRefusedException e) {
            writes.refused(action, null, null, actor, e);
            throw e;
        }
    }

    /** Configures an {@link Elevation}. */
    public static final class Builder {

        private @Nullable TenantDirectory tenants;
        private @Nullable UserStore accounts;
        private @Nullable GrantStore grants;
        private AuditSink audit = AuditSink.slf4j();
        private GrantListener listener = GrantListener.NONE;
        private ApprovalHandler approvalHandler = ApprovalHandler.PEOPLE;
        private Clock clock = Clock.systemUTC();
        private Duration pendingTimeout = Duration.ofHours(24);
        private @Nullable Delegations delegations;

        private Builder() {
        }

        /** The tenants whose {@link ElevationRule}s say who may ask for what. */
        public Builder tenants(TenantDirectory tenants) {
            this.tenants = tenants;
            return this;
        }

        /** The accounts: eligibility, approvers' roles and status are read from it on every decision. */
        public Builder userStore(UserStore accounts) {
            this.accounts = accounts;
            return this;
        }

        /** Where grants are kept: {@link io.jitprov.core.memory.InMemoryGrantStore} or {@code JdbcGrantStore} for several nodes. */
        public Builder grantStore(GrantStore grants) {
            this.grants = grants;
            return this;
        }

        /** Where every request, approval, denial, revocation and expiry is recorded; SLF4J by default. */
        public Builder auditSink(AuditSink audit) {
            this.audit = Objects.requireNonNull(audit, "audit cannot be null");
            return this;
        }

        /** Hears of every change to a grant, to notify people; its failures never undo the change. */
        public Builder listener(GrantListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener cannot be null");
            return this;
        }

        /**
         * Decides or defers requests that need approval; {@link ApprovalHandler#PEOPLE} (defer to people) by
         * default.
         */
        public Builder approvalHandler(ApprovalHandler approvalHandler) {
            this.approvalHandler = Objects.requireNonNull(approvalHandler, "approvalHandler cannot be null");
            return this;
        }

        /** Lets partners' admins approve where a tenant delegated {@link DelegatedPermission#APPROVE_ELEVATION}. */
        public Builder delegations(@Nullable Delegations delegations) {
            this.delegations = delegations;
            return this;
        }

        /** The clock every expiry is compared with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** How long a request waits for approval before it expires; 24 hours by default. */
        public Builder pendingTimeout(Duration pendingTimeout) {
            this.pendingTimeout = Objects.requireNonNull(pendingTimeout, "pendingTimeout cannot be null");
            return this;
        }

        /** The elevation service. */
        public Elevation build() {
            return new Elevation(this);
        }
    }
}
