package io.jitprov.core.provisioning;

import io.jitprov.core.AuditAction;
import io.jitprov.core.AuditEvent;
import io.jitprov.core.AuditOutcome;
import java.util.Set;

/** The audit events of a login, built where the decision is made. */
final class LoginEvents {

    private LoginEvents() {
    }

    /** An accepted login that writes the account: known in full before the write, so the store can record it. */
    static AuditEvent accepted(Login login, ProvisioningOutcome outcome, String accountId, Set<String> rolesAdded,
            Set<String> rolesRemoved) {
        return AuditEvent.of(AuditAction.LOGIN, outcome(outcome), login.now()).correlationId(login.correlationId())
                .tenantId(login.tenant().id()).identity(login.identity().issuer(), login.identity().subject())
                .accountId(accountId).rolesAdded(rolesAdded).rolesRemoved(rolesRemoved).build();
    }

    /** The audit outcome a provisioning outcome is recorded as: the same word. */
    static AuditOutcome outcome(ProvisioningOutcome outcome) {
        return AuditOutcome.valueOf(outcome.name());
    }
}
