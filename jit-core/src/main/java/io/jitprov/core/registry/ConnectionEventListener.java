package io.jitprov.core.registry;

/**
 * Hears of {@link ConnectionEvent}s: to mail a tenant's admins, page the SaaS team, or post a
 * webhook. Like {@code AuditSink}, it must be fast and must not throw: whatever escapes is logged
 * once at WARN and the change that caused the event stands.
 *
 * <pre>
 * JitRegistry.builder()...events(event -&gt; mailer.tellAdminsOf(event.tenantId(), event))
 * </pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ConnectionEventListener {

    /** Hears nothing. */
    ConnectionEventListener NONE = event -> { };

    void on(ConnectionEvent event);
}
