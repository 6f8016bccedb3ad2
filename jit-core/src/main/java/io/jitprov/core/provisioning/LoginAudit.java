package io.jitprov.core.provisioning;

import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditSink;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a login's events to the {@link AuditSink}, each once, from where the decision was made. A
 * sink that throws anyway does not fail the login: the decision is made, and the account may be
 * written.
 */
final class LoginAudit {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private final AuditSink sink;

    LoginAudit(AuditSink sink) {
        this.sink = sink;
    }

    void record(AuditEvent event) {
        try {
            sink.record(event);
        } catch (RuntimeException e) {
            LOG.warn("AuditSink {} threw on event {}; the login goes on", sink.getClass().getName(),
                    event.correlationId(), e);
        }
    }

    /** Records the event of a login that wrote no account (refused or unchanged), and returns the result. */
    ProvisioningResult recorded(ProvisioningResult result, VerifiedIdentity identity, Instant now) {
        record(LoginEvents.of(result, identity, now));
        return result;
    }
}
