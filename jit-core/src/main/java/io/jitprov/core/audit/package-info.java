/**
 * The audit trail: one {@link io.jitprov.core.audit.AuditEvent} per decision, built by name, and
 * the {@link io.jitprov.core.audit.AuditSink} it goes to. A store that keeps the trail in its own
 * database implements {@link io.jitprov.core.audit.AuditedUserStore}, so an account and the event
 * that explains it commit together.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.audit;

import org.jspecify.annotations.NullMarked;
