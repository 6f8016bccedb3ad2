package io.jitprov.core.provisioning;

import io.jitprov.core.AuditEvent;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The audit events of a login, built where the decision is made. */
final class LoginEvents {

    private LoginEvents() {
    }

    /** An accepted login that writes the account: known in full before the write, so the store can record it. */
    static AuditEvent accepted(Login login, ProvisioningOutcome outcome, String accountId, Set<String> rolesAdded,
            Set<String> rolesRemoved) {
        return new AuditEvent(login.now(), login.correlationId(), AuditEvent.LOGIN, outcome(outcome),
                login.tenant().id(), login.identity().issuer(), login.identity().subject(), accountId, List.of(),
                rolesAdded, rolesRemoved);
    }

    static String outcome(ProvisioningOutcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
