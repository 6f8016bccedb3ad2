package io.jitprov.core.audit;

import java.util.Locale;
import java.util.Optional;

/**
 * What became of the decision an {@link AuditEvent} records. Its {@link #value()} is the name in
 * lower case, the text the log line and the audit table carry.
 *
 * @since 0.1
 */
public enum AuditOutcome {
    /** An account, or a registry entry, was created. */
    CREATED,
    /** A login was linked to an existing account. */
    LINKED,
    /** An account, or a registry entry, was changed. */
    UPDATED,
    /** Nothing needed changing. */
    UNCHANGED,
    /** The request was refused; the event's errors say why. */
    REFUSED,
    /** It could not be decided: a store or provider failed. */
    ERROR,
    /** An account was disabled. */
    DISABLED,
    /** An account was enabled. */
    ENABLED,
    /** An account, or a registry entry, was deleted. */
    DELETED,
    /** A grant waits for approval. */
    PENDING,
    /** A grant got one approval and waits for more. */
    APPROVED,
    /** A grant is active. */
    ACTIVE,
    /** A grant was denied. */
    DENIED,
    /** A grant ran out. */
    EXPIRED,
    /** A grant or delegation was revoked. */
    REVOKED,
    /** A delegation was granted. */
    GRANTED;

    /** The stable text of this outcome, e.g. {@code created}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome whose {@link #value()} is {@code value}. */
    public static Optional<AuditOutcome> fromValue(String value) {
        for (AuditOutcome outcome : values()) {
            if (outcome.value().equals(value)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }
}
