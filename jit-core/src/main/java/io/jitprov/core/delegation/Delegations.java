package io.jitprov.core.delegation;

import io.jitprov.core.Account;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.Refusal;
import io.jitprov.core.UserStore;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.internal.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Delegated administration between tenants: an admin of a tenant lets one named admin of a
 * partner tenant act in it, with listed permissions, until a set time. Never implicit (it names
 * an account, not a role or a tenant), never inherited (only an admin of the tenant itself can
 * delegate, so a delegate cannot pass it on), always audited ({@code delegation.grant},
 * {@code delegation.revoke}).
 *
 * <pre>{@code
 * Delegations delegations = Delegations.builder().userStore(accounts)
 *         .delegationStore(JdbcDelegationStore.of(dataSource)).auditSink(audit).build();
 * delegations.delegate(acmeAdminId, resellerAdminId, Set.of(DelegatedPermission.APPROVE_ELEVATION), Duration.ofDays(30));
 * if (delegations.allows(actor, "acme", DelegatedPermission.MANAGE_ACCOUNTS)) { ... }
 * }</pre>
 *
 * @since 0.1
 */
public final class Delegations {

    private final UserStore accounts;
    private final DelegationStore store;
    private final AuditSink audit;
    private final Clock clock;
    private final Duration maxDuration;
    private final Set<String> adminRoles;

    private Delegations(Builder b) {
        this.accounts = Objects.requireNonNull(b.accounts, "userStore must be set");
        this.store = Objects.requireNonNull(b.store, "delegationStore must be set");
        this.audit = b.audit;
        this.clock = b.clock;
        this.maxDuration = b.maxDuration;
        this.adminRoles = Set.copyOf(b.adminRoles);
    }

    /** Starts a delegation service; the user store and the delegation store are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Lets {@code delegateAccountId}, an account of another tenant, act in the tenant of
     * {@code grantorAccountId} for {@code duration}.
     *
     * @throws DelegationRefusedException ({@code delegation_not_allowed}) when the grantor is not an
     *     active admin of its tenant by a mapped or manual role, the delegate is not an active account
     *     of another tenant, or no permission is given; ({@code duration_invalid}) when the duration is
     *     not positive or longer than the maximum
     */
    public Delegation delegate(String grantorAccountId, String delegateAccountId, Set<DelegatedPermission> permissions,
            Duration duration) {
        Instant now = clock.instant();
        Account grantor = accounts.findById(grantorAccountId).filter(Account::active).orElse(null);
        Account delegate = accounts.findById(delegateAccountId).filter(Account::active).orElse(null);
        String tenantId = grantor == null ? null : grantor.tenantId();
        try {
            if (grantor == null || !isAdmin(grantor)) {
                throw refused(JitErrorCodes.DELEGATION_NOT_ALLOWED, "Account [" + grantorAccountId
                        + "] is not an active admin of its tenant (roles " + adminRoles + ")");
            }
            if (delegate == null || delegate.tenantId().equals(grantor.tenantId())) {
                throw refused(JitErrorCodes.DELEGATION_NOT_ALLOWED, "Account [" + delegateAccountId
                        + "] is not an active account of another tenant");
            }
            if (permissions.isEmpty()) {
                throw refused(JitErrorCodes.DELEGATION_NOT_ALLOWED, "A delegation needs at least one permission");
            }
            if (duration.isNegative() || duration.isZero() || duration.compareTo(maxDuration) > 0) {
                throw refused(JitErrorCodes.DURATION_INVALID, "A delegation lasts more than nothing and at most "
                        + maxDuration + ", not " + duration);
            }
        } catch (DelegationRefusedException e) {
            record(AuditAction.DELEGATION_GRANT, AuditOutcome.REFUSED, UUID.randomUUID().toString(), tenantId, delegateAccountId, grantorAccountId,
                    e.refusal().errors());
            throw e;
        }
        Delegation made = store.create(new Delegation(UUID.randomUUID().toString(), grantor.tenantId(),
                delegate.tenantId(), delegate.id(), permissions, grantor.id(), now, now.plus(duration), null, null));
        record(AuditAction.DELEGATION_GRANT, AuditOutcome.GRANTED, made.id(), made.tenantId(), made.delegateAccountId(), grantor.id(), List.of());
        return made;
    }

    /**
     * Ends a delegation early: its delegate, or an active admin of the tenant that made it, may.
     *
     * @throws DelegationRefusedException ({@code delegation_not_found}, {@code delegation_not_allowed})
     */
    public Delegation revoke(String delegationId, String byAccountId) {
        Delegation delegation = store.findById(delegationId).orElseThrow(() -> refused(
                JitErrorCodes.DELEGATION_NOT_FOUND, "There is no delegation " + delegationId));
        Optional<Account> by = accounts.findById(byAccountId).filter(Account::active);
        boolean allowed = byAccountId.equals(delegation.delegateAccountId())
                || by.filter(a -> a.tenantId().equals(delegation.tenantId()) && isAdmin(a)).isPresent();
        if (!allowed) {
            DelegationRefusedException refusal = refused(JitErrorCodes.DELEGATION_NOT_ALLOWED, "Account ["
                    + byAccountId + "] may not end delegation " + delegationId);
            record(AuditAction.DELEGATION_REVOKE, AuditOutcome.REFUSED, delegationId, delegation.tenantId(), delegation.delegateAccountId(), byAccountId,
                    refusal.refusal().errors());
            throw refusal;
        }
        Delegation ended = store.revoke(delegationId, byAccountId, clock.instant()).orElseThrow();
        record(AuditAction.DELEGATION_REVOKE, AuditOutcome.REVOKED, delegationId, ended.tenantId(), ended.delegateAccountId(), byAccountId, List.of());
        return ended;
    }

    /**
     * Whether {@code actor}, an active account of another tenant, may do {@code permission} in
     * {@code tenantId} now. Always false for the actor's own tenant: what people may do there is
     * for their roles to say, not for delegations.
     */
    public boolean allows(Account actor, String tenantId, DelegatedPermission permission) {
        if (!actor.active() || actor.tenantId().equals(tenantId)) {
            return false;
        }
        Instant now = clock.instant();
        return store.findByDelegate(actor.id()).stream().anyMatch(d -> d.tenantId().equals(tenantId)
                && d.delegateTenantId().equals(actor.tenantId()) && d.permissions().contains(permission)
                && d.activeAt(now));
    }

    /** The tenants in which {@code actor} may do {@code permission} now by delegation. */
    public Set<String> tenantsFor(Account actor, DelegatedPermission permission) {
        Set<String> tenants = new LinkedHashSet<>();
        if (!actor.active()) {
            return tenants;
        }
        Instant now = clock.instant();
        store.findByDelegate(actor.id()).stream().filter(d -> d.delegateTenantId().equals(actor.tenantId())
                && d.permissions().contains(permission) && d.activeAt(now)).forEach(d -> tenants.add(d.tenantId()));
        return tenants;
    }

    /** Every delegation the tenant made, ended ones included, newest first. */
    public List<Delegation> madeBy(String tenantId) {
        return store.findByTenant(tenantId);
    }

    private boolean isAdmin(Account account) {
        // Stored roles only: a role held through elevation cannot hand out standing access.
        return account.roleNames().stream().anyMatch(adminRoles::contains);
    }

    /** The delegation's id is the event's correlation id: the stored delegation holds the details. */
    private void record(AuditAction action, AuditOutcome outcome, String delegationId, @Nullable String tenantId,
            String delegateAccountId, String actor, List<JitError> errors) {
        audit.record(AuditEvent.of(action, outcome, clock.instant()).correlationId(delegationId).tenantId(tenantId)
                .accountId(delegateAccountId).errors(errors).actor(AuditActor.account(actor)).build());
    }

    private static DelegationRefusedException refused(String code, String message) {
        return new DelegationRefusedException(Refusal.of(code, message));
    }

    /** Configures {@link Delegations}. */
    public static final class Builder {

        private @Nullable UserStore accounts;
        private @Nullable DelegationStore store;
        private AuditSink audit = AuditSink.slf4j();
        private Clock clock = Clock.systemUTC();
        private Duration maxDuration = Duration.ofDays(90);
        private Set<String> adminRoles = Set.of("admin");

        private Builder() {
        }

        /** The accounts: grantors' roles and delegates' status are read from it on every check. */
        public Builder userStore(UserStore accounts) {
            this.accounts = accounts;
            return this;
        }

        /**
         * Where delegations are kept: {@link io.jitprov.core.memory.InMemoryDelegationStore}, or {@code JdbcDelegationStore} for
         * several nodes.
         */
        public Builder delegationStore(DelegationStore store) {
            this.store = store;
            return this;
        }

        /** Where grants and revocations, refusals included, are recorded; SLF4J by default. */
        public Builder auditSink(AuditSink audit) {
            this.audit = Objects.requireNonNull(audit, "audit cannot be null");
            return this;
        }

        /** The clock expiries are compared with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** The longest delegation; 90 days by default, so that none is forgotten for good. */
        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = Durations.positive("maxDuration", maxDuration);
            return this;
        }

        /** The roles that make an account an admin of its tenant, able to delegate; {@code admin} by default. */
        public Builder adminRoles(String... roles) {
            if (roles.length == 0) {
                throw new IllegalArgumentException("adminRoles needs at least one role");
            }
            this.adminRoles = Set.of(roles);
            return this;
        }

        /** The delegation service. */
        public Delegations build() {
            return new Delegations(this);
        }
    }
}
