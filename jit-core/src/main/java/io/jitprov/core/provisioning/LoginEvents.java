package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.JitError;
import io.jitprov.core.Refusal;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.audit.AuditedUserStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The audit events of a login, built where the decision is made. */
final class LoginEvents {

    private LoginEvents() {
    }

    /**
     * An accepted login that writes the account: known in full before the write, so an
     * {@link AuditedUserStore} can record it with the write.
     */
    static AuditEvent accepted(Login login, ProvisioningOutcome outcome, String accountId, Set<String> rolesAdded,
            Set<String> rolesRemoved) {
        return AuditEvent.of(AuditAction.LOGIN, outcome(outcome), login.now()).correlationId(login.correlationId())
                .tenantId(login.tenant().id()).identity(login.identity().issuer(), login.identity().subject())
                .accountId(accountId).rolesAdded(rolesAdded).rolesRemoved(rolesRemoved).build();
    }

    /** A login that wrote no account: refused, or returning with nothing to change. */
    static AuditEvent of(ProvisioningResult result, VerifiedIdentity identity, Instant now) {
        List<JitError> errors = result.refusal().map(Refusal::errors).orElse(List.of());
        @Nullable String accountId = result.account().map(Account::id).orElse(null);
        return AuditEvent.of(AuditAction.LOGIN, outcome(result.outcome()), now)
                .correlationId(result.correlationId()).tenantId(result.tenantId().orElse(null))
                .identity(identity.issuer(), identity.subject()).accountId(accountId).errors(errors)
                .rolesAdded(result.rolesAdded()).rolesRemoved(result.rolesRemoved()).build();
    }

    /** The audit outcome a provisioning outcome is recorded as: the same word. */
    static AuditOutcome outcome(ProvisioningOutcome outcome) {
        return AuditOutcome.valueOf(outcome.name());
    }
}
