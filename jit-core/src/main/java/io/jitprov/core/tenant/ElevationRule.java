package io.jitprov.core.tenant;

import io.jitprov.core.Account;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.internal.Durations;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may ask for a role for a while, for how long, and what it takes: a tenant's rule for one
 * eligible role. Eligible is not active: the role is given only by an {@link io.jitprov.core.elevation.AccessGrant}.
 *
 * <pre>{@code
 * ElevationRule.forRole("db-admin")
 *         .eligibleGroups("acme-dba")
 *         .maxDuration(Duration.ofHours(1))
 *         .justificationRequired(true)
 *         .approvals(ApprovalRequirement.ONE).approverRoles("admin")
 *         .stepUp(StepUp.within(Duration.ofMinutes(10)).mfa())
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class ElevationRule {

    private final String role;
    private final Set<String> eligibleGroups;
    private final Set<String> eligibleAccounts;
    private final Duration maxDuration;
    private final boolean justificationRequired;
    private final boolean ticketRequired;
    private final ApprovalRequirement approvals;
    private final Set<String> approverRoles;
    private final @Nullable StepUp stepUp;
    private final boolean workloadsAllowed;
    private final Duration workloadMaxDuration;

    private ElevationRule(Builder b) {
        this.role = b.role;
        this.eligibleGroups = Set.copyOf(b.eligibleGroups);
        this.eligibleAccounts = Set.copyOf(b.eligibleAccounts);
        this.maxDuration = b.maxDuration;
        this.justificationRequired = b.justificationRequired;
        this.ticketRequired = b.ticketRequired;
        this.approvals = b.approvals;
        this.approverRoles = Set.copyOf(b.approverRoles);
        this.stepUp = b.stepUp;
        this.workloadsAllowed = b.workloadsAllowed;
        this.workloadMaxDuration = b.workloadMaxDuration.compareTo(b.maxDuration) < 0 ? b.workloadMaxDuration
                : b.maxDuration;
    }

    /** Starts the rule for {@code role}, the role a grant under it gives. */
    public static Builder forRole(String role) {
        return new Builder(role);
    }

    /** The role a grant under this rule gives. */
    public String role() {
        return role;
    }

    /** Groups (from the IdP, as stored on the account) whose members may ask; any one suffices. */
    public Set<String> eligibleGroups() {
        return eligibleGroups;
    }

    /** Accounts that may ask whatever their groups. */
    public Set<String> eligibleAccounts() {
        return eligibleAccounts;
    }

    /** The longest grant for a person; one hour by default. */
    public Duration maxDuration() {
        return maxDuration;
    }

    /** Whether a request needs a justification in the requester's words. */
    public boolean justificationRequired() {
        return justificationRequired;
    }

    /** Whether a request needs a change or incident reference. */
    public boolean ticketRequired() {
        return ticketRequired;
    }

    /** How many distinct people other than the requester must approve. */
    public ApprovalRequirement approvals() {
        return approvals;
    }

    /**
     * Holders of any of these roles in the tenant may approve; never the requester. Only roles the
     * account holds (mapped or manual) count, not elevated ones, so a grant cannot approve the next.
     */
    public Set<String> approverRoles() {
        return approverRoles;
    }

    /** The fresh authentication a grant needs, if any. */
    public Optional<StepUp> stepUp() {
        return Optional.ofNullable(stepUp);
    }

    /** Whether workload identities may ask at all; people only unless the tenant says so. */
    public boolean workloadsAllowed() {
        return workloadsAllowed;
    }

    /**
     * The longest grant for an account of {@code kind}: workloads get the shorter
     * {@link Builder#workloadMaxDuration} (15 minutes by default), people {@link #maxDuration()}.
     */
    public Duration maxDuration(IdentityKind kind) {
        return kind == IdentityKind.WORKLOAD ? workloadMaxDuration : maxDuration;
    }

    /** Whether {@code account} may ask for this role. */
    public boolean eligible(Account account) {
        if (account.kind() == IdentityKind.WORKLOAD && !workloadsAllowed) {
            return false;
        }
        return eligibleAccounts.contains(account.id())
                || account.attributes().values(StandardAttributes.GROUPS).stream().anyMatch(eligibleGroups::contains);
    }

    /** Configures an {@link ElevationRule}. */
    public static final class Builder {

        private final String role;
        private final Set<String> eligibleGroups = new LinkedHashSet<>();
        private final Set<String> eligibleAccounts = new LinkedHashSet<>();
        private Duration maxDuration = Duration.ofHours(1);
        private boolean justificationRequired;
        private boolean ticketRequired;
        private ApprovalRequirement approvals = ApprovalRequirement.NONE;
        private final Set<String> approverRoles = new LinkedHashSet<>();
        private @Nullable StepUp stepUp;
        private boolean workloadsAllowed;
        private Duration workloadMaxDuration = Duration.ofMinutes(15);

        private Builder(String role) {
            this.role = Objects.requireNonNull(role, "role cannot be null");
            if (role.isBlank()) {
                throw new IllegalArgumentException("role cannot be blank");
            }
        }

        /** Adds IdP groups (as stored on the account at its last login) whose members may ask. */
        public Builder eligibleGroups(String... groups) {
            eligibleGroups.addAll(List.of(groups));
            return this;
        }

        /** Adds accounts that may ask, whatever their groups. */
        public Builder eligibleAccounts(String... accountIds) {
            eligibleAccounts.addAll(List.of(accountIds));
            return this;
        }

        /** The longest a grant may last; one hour by default. */
        public Builder maxDuration(Duration maxDuration) {
            Objects.requireNonNull(maxDuration, "maxDuration cannot be null");
            this.maxDuration = Durations.positive("maxDuration", maxDuration);
            return this;
        }

        /** See {@link ElevationRule#justificationRequired()}. */
        public Builder justificationRequired(boolean required) {
            this.justificationRequired = required;
            return this;
        }

        /** See {@link ElevationRule#ticketRequired()}. */
        public Builder ticketRequired(boolean required) {
            this.ticketRequired = required;
            return this;
        }

        /** See {@link ElevationRule#approvals()}; {@link ApprovalRequirement#NONE} by default. */
        public Builder approvals(ApprovalRequirement approvals) {
            this.approvals = Objects.requireNonNull(approvals, "approvals cannot be null");
            return this;
        }

        /** Who may approve; {@code admin} when approvals are required and none is named. */
        public Builder approverRoles(String... roles) {
            approverRoles.addAll(List.of(roles));
            return this;
        }

        /** See {@link ElevationRule#stepUp()}; {@code null} for none. */
        public Builder stepUp(@Nullable StepUp stepUp) {
            this.stepUp = stepUp;
            return this;
        }

        /** Whether workload identities may ask; false by default. */
        public Builder workloadsAllowed(boolean allowed) {
            this.workloadsAllowed = allowed;
            return this;
        }

        /** The longest grant for a workload (never longer than {@link #maxDuration}); 15 minutes by default. */
        public Builder workloadMaxDuration(Duration duration) {
            this.workloadMaxDuration = Durations.positive("workloadMaxDuration", duration);
            return this;
        }

        /** The rule; with approvals and no approver roles, {@code admin} approves. */
        public ElevationRule build() {
            if (approvals != ApprovalRequirement.NONE && approverRoles.isEmpty()) {
                approverRoles.add("admin");
            }
            return new ElevationRule(this);
        }
    }
}
