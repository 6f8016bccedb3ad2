package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.AccountStatus;
import io.jitprov.core.JitError;
import io.jitprov.core.StaleAccountException;
import io.jitprov.core.UserDirectory;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.elevation.Elevation;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Ends an account's access: the application's own admin actions, SCIM deprovisioning and the
 * {@link AccessSweeper} all come here. Disabling revokes the account's grants; its sessions end
 * on their next request (when {@code JitLogin} knows the account store). Every action is audited.
 *
 * @since 0.1
 */
public final class Deprovisioner {

    private final UserDirectory accounts;
    private final @Nullable Elevation elevation;
    private final AuditSink audit;
    private final Clock clock;

    private Deprovisioner(Builder b) {
        this.accounts = Objects.requireNonNull(b.accounts, "userStore must be set");
        this.elevation = b.elevation;
        this.audit = b.audit;
        this.clock = b.clock;
    }

    /** Starts a deprovisioner; the user store is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Disables the account and ends its grants; returns it, or empty when it does not exist.
     *
     * @param actor the account acting, or {@code null} for the system (a sweep, the IdP)
     * @param reason why, for the audit trail: a code (e.g. {@link io.jitprov.core.JitErrorCodes#ACCOUNT_INACTIVE}) and a sentence
     */
    public Optional<Account> disable(String accountId, @Nullable AuditActor actor, JitError reason) {
        Optional<Account> before = accounts.findById(accountId);
        if (before.isEmpty() || !before.get().active()) {
            return before;
        }
        Optional<Account> disabled = accounts.disable(accountId);
        endGrants(accountId, reason);
        record(AuditAction.ACCOUNT_DISABLE, AuditOutcome.DISABLED, before.get(), actor, reason, Set.of(), before.get().roleNames());
        return disabled;
    }

    /** Enables a disabled account again; its roles are as they were, its ended grants stay ended. */
    public Optional<Account> enable(String accountId, @Nullable AuditActor actor, JitError reason) {
        for (int attempt = 0; ; attempt++) {
            Optional<Account> current = accounts.findById(accountId);
            if (current.isEmpty() || current.get().active()) {
                return current;
            }
            try {
                Account enabled = accounts.update(current.get().withStatus(AccountStatus.ACTIVE));
                record(AuditAction.ACCOUNT_ENABLE, AuditOutcome.ENABLED, enabled, actor, reason, enabled.roleNames(), Set.of());
                return Optional.of(enabled);
            } catch (StaleAccountException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Deletes the account and ends its grants; false when it did not exist. */
    public boolean delete(String accountId, @Nullable AuditActor actor, JitError reason) {
        Optional<Account> before = accounts.findById(accountId);
        if (before.isEmpty()) {
            return false;
        }
        endGrants(accountId, reason);
        accounts.delete(accountId);
        record(AuditAction.ACCOUNT_DELETE, AuditOutcome.DELETED, before.get(), actor, reason, Set.of(), before.get().roleNames());
        return true;
    }

    private void endGrants(String accountId, JitError reason) {
        if (elevation != null) {
            elevation.revokeAll(accountId, List.of(), reason.code());
        }
    }

    private void record(AuditAction action, AuditOutcome outcome, Account account, @Nullable AuditActor actor,
            JitError reason, Set<String> added, Set<String> removed) {
        audit.record(AuditEvent.of(action, outcome, clock.instant()).tenantId(account.tenantId()).accountId(account.id())
                .errors(List.of(reason)).rolesAdded(added).rolesRemoved(removed).actor(actor).build());
    }

    /** Configures a {@link Deprovisioner}. */
    public static final class Builder {

        private @Nullable UserDirectory accounts;
        private @Nullable Elevation elevation;
        private AuditSink audit = AuditSink.slf4j();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The accounts to act on. */
        public Builder userStore(UserDirectory accounts) {
            this.accounts = accounts;
            return this;
        }

        /** Grants to end with the account; without it no grants are touched. */
        public Builder elevation(@Nullable Elevation elevation) {
            this.elevation = elevation;
            return this;
        }

        /** Where every disable, enable and delete is recorded; SLF4J by default. */
        public Builder auditSink(AuditSink audit) {
            this.audit = Objects.requireNonNull(audit, "audit cannot be null");
            return this;
        }

        /** The clock audit events are stamped with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** The deprovisioner. */
        public Deprovisioner build() {
            return new Deprovisioner(this);
        }
    }
}
