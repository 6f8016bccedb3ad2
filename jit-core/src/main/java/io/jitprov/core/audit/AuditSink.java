package io.jitprov.core.audit;


/**
 * Receives one {@link AuditEvent} per decision.
 *
 * <p>Implementations must be fast (they run on the login path), must not throw, and must not
 * keep or change anything the event refers to beyond reading it. Whatever escapes anyway is
 * caught by the caller and logged once at WARN; the login goes on.
 *
 * <pre>{@code
 * AuditSink both = event -> {
 *     AuditSink.slf4j().record(event);
 *     myQueue.offer(event);
 * };
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AuditSink {

    /** Discards every event. */
    AuditSink NONE = event -> { };

    /** Records one decision; must not throw for a decision already made (log and carry on). */
    void record(AuditEvent event);

    /** One structured line per event on the SLF4J logger {@code io.jitprov.audit}, at INFO. */
    static AuditSink slf4j() {
        return Slf4jAuditSink.INSTANCE;
    }
}
