package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.Refusal;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Provisioner#provision} decided: the account the person may now use, or why not.
 *
 * @since 0.1
 */
public final class ProvisioningResult {

    private final ProvisioningOutcome outcome;
    private final String correlationId;
    private final @Nullable String tenantId;
    private final @Nullable Account account;
    private final @Nullable Refusal refusal;
    private final Set<String> rolesAdded;
    private final Set<String> rolesRemoved;

    private ProvisioningResult(ProvisioningOutcome outcome, String correlationId, @Nullable String tenantId,
            @Nullable Account account, @Nullable Refusal refusal, Set<String> rolesAdded, Set<String> rolesRemoved) {
        this.outcome = outcome;
        this.correlationId = correlationId;
        this.tenantId = tenantId;
        this.account = account;
        this.refusal = refusal;
        this.rolesAdded = Set.copyOf(rolesAdded);
        this.rolesRemoved = Set.copyOf(rolesRemoved);
    }

    static ProvisioningResult accepted(ProvisioningOutcome outcome, String correlationId, Account account,
            Set<String> rolesAdded, Set<String> rolesRemoved) {
        return new ProvisioningResult(outcome, correlationId, account.tenantId(),
                Objects.requireNonNull(account), null, rolesAdded, rolesRemoved);
    }

    static ProvisioningResult refused(String correlationId, @Nullable String tenantId, Refusal refusal) {
        return new ProvisioningResult(ProvisioningOutcome.REFUSED, correlationId, tenantId, null, refusal,
                Set.of(), Set.of());
    }

    /** What the login did: created, linked, updated, unchanged or refused. */
    public ProvisioningOutcome outcome() {
        return outcome;
    }

    /** Whether the login was refused; {@link #refusal()} then says why. */
    public boolean refused() {
        return outcome == ProvisioningOutcome.REFUSED;
    }

    /** Identifies this login in the audit trail and the logs. */
    public String correlationId() {
        return correlationId;
    }

    /** The tenant, when one was resolved (also for some refusals). */
    public Optional<String> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    /** The account, unless the login was refused. */
    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    /** Every role the account now holds, whatever its source; empty when refused. */
    public Set<String> roles() {
        return account == null ? Set.of() : account.roleNames();
    }

    /** Why the login was refused. */
    public Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Mapped roles this login added. */
    public Set<String> rolesAdded() {
        return rolesAdded;
    }

    /** Mapped roles this login removed. */
    public Set<String> rolesRemoved() {
        return rolesRemoved;
    }

    @Override
    public String toString() {
        return "ProvisioningResult[" + outcome + (refusal != null ? " " + refusal : "")
                + (account != null ? " account=" + account.id() + " roles=" + roles() : "") + "]";
    }
}
