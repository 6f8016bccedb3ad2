package io.jitprov.core.audit;

import io.jitprov.core.JitError;
import io.jitprov.core.internal.AuditText;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each event as one {@code key=value} line. Values that came from outside are quoted and
 * escaped ({@link AuditText}: quotes, backslashes, every control, line-separator and format
 * character, lone surrogates), so no attribute or subject can forge a line or a field, and cut at
 * {@value #MAX_FIELD} characters with a hash of the whole value, so none can flood the log.
 */
final class Slf4jAuditSink implements AuditSink {

    static final Slf4jAuditSink INSTANCE = new Slf4jAuditSink();

    /** The longest value written in a field, escaped: room for any issuer, subject or list of errors. */
    static final int MAX_FIELD = 4096;

    private static final Logger LOG = LoggerFactory.getLogger("io.jitprov.audit");

    private Slf4jAuditSink() {
    }

    @Override
    public void record(AuditEvent event) {
        if (LOG.isInfoEnabled()) {
            LOG.info(format(event));
        }
    }

    static String format(AuditEvent event) {
        StringBuilder line = new StringBuilder(256);
        field(line, "time", event.time().toString());
        field(line, "correlation_id", event.correlationId());
        field(line, "action", event.action().value());
        field(line, "outcome", event.outcome().value());
        field(line, "tenant", event.tenantId());
        field(line, "issuer", event.issuer());
        field(line, "subject", event.subject());
        field(line, "account", event.accountId());
        field(line, "actor", event.actor() == null ? null : event.actor().value());
        field(line, "resource", event.resource());
        if (!event.changes().isEmpty()) {
            field(line, "changes", String.join(",", event.changes()));
        }
        if (!event.errors().isEmpty()) {
            field(line, "code", event.code());
            StringBuilder detail = new StringBuilder();
            for (JitError error : event.errors()) {
                if (detail.length() > 0) {
                    detail.append("; ");
                }
                detail.append(error);
            }
            field(line, "errors", detail.toString());
        }
        roles(line, "roles_added", event.rolesAdded());
        roles(line, "roles_removed", event.rolesRemoved());
        return line.toString();
    }

    private static void roles(StringBuilder line, String key, Set<String> roles) {
        if (!roles.isEmpty()) {
            field(line, key, String.join(",", new TreeSet<>(roles)));
        }
    }

    private static void field(StringBuilder line, String key, @Nullable String value) {
        if (value == null) {
            return;
        }
        if (line.length() > 0) {
            line.append(' ');
        }
        line.append(key).append("=\"").append(AuditText.fit(AuditText.escape(value, "\""), MAX_FIELD));
        line.append('"');
    }
}
