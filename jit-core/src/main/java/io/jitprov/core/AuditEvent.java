package io.jitprov.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One decision jit made, accepted or refused. Carries identifiers and codes, never secrets,
 * tokens or assertions.
 *
 * @param id identifies this event; writing the same event twice records it once
 * @param time when the decision was made
 * @param correlationId ties the event to the request and to what the person was shown
 * @param action what was decided, e.g. {@link #LOGIN}
 * @param outcome the result, e.g. {@code created} or {@code refused}
 * @param tenantId the tenant, when one was resolved
 * @param issuer the identity's issuer, when there was an identity
 * @param subject the identity's subject, when there was an identity
 * @param accountId the account, when one was found or created
 * @param errors why it was refused; empty when it was not
 * @param rolesAdded roles the decision added
 * @param rolesRemoved roles the decision removed
 * @param actor the account that made the decision when it was not the system's own (an approver,
 *     an administrator revoking a grant); {@code null} for logins and sweeps
 * @since 0.1
 */
public record AuditEvent(String id, Instant time, String correlationId, String action, String outcome,
        @Nullable String tenantId, @Nullable String issuer, @Nullable String subject, @Nullable String accountId,
        List<JitError> errors, Set<String> rolesAdded, Set<String> rolesRemoved, @Nullable String actor) {

    /** A login handled by the {@link io.jitprov.core.provisioning.Provisioner}. */
    public static final String LOGIN = "login";

    /** Refuses missing components; copies the collections. */
    public AuditEvent {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(time, "time cannot be null");
        Objects.requireNonNull(correlationId, "correlationId cannot be null");
        Objects.requireNonNull(action, "action cannot be null");
        Objects.requireNonNull(outcome, "outcome cannot be null");
        errors = List.copyOf(errors);
        rolesAdded = Set.copyOf(rolesAdded);
        rolesRemoved = Set.copyOf(rolesRemoved);
    }

    /** An event without an actor. */
    public AuditEvent(String id, Instant time, String correlationId, String action, String outcome,
            @Nullable String tenantId, @Nullable String issuer, @Nullable String subject, @Nullable String accountId,
            List<JitError> errors, Set<String> rolesAdded, Set<String> rolesRemoved) {
        this(id, time, correlationId, action, outcome, tenantId, issuer, subject, accountId, errors, rolesAdded,
                rolesRemoved, null);
    }

    /** An event with a random (UUID) identifier. */
    public AuditEvent(Instant time, String correlationId, String action, String outcome, @Nullable String tenantId,
            @Nullable String issuer, @Nullable String subject, @Nullable String accountId, List<JitError> errors,
            Set<String> rolesAdded, Set<String> rolesRemoved) {
        this(UUID.randomUUID().toString(), time, correlationId, action, outcome, tenantId, issuer, subject, accountId,
                errors, rolesAdded, rolesRemoved);
    }

    /** The first error's code, or {@code null} when nothing was refused. */
    public @Nullable String code() {
        return errors.isEmpty() ? null : errors.get(0).code();
    }

    /**
     * The event as the SLF4J sink writes it: one line of {@code key="value"} fields, control
     * characters escaped so that no value can forge a line, long values cut visibly.
     */
    public String toLogLine() {
        return Slf4jAuditSink.format(this);
    }
}
