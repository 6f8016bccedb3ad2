package io.jitprov.core.audit;

import io.jitprov.core.JitError;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One decision jit made, accepted or refused. Carries identifiers and codes, never secrets,
 * tokens or assertions. Built by name, so that an issuer cannot pass for a subject:
 *
 * <pre>{@code
 * AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.CREATED, now)
 *         .correlationId(correlationId).tenantId("acme").identity(issuer, subject).accountId(id)
 *         .rolesAdded(Set.of("member")).build();
 * }</pre>
 *
 * @param id identifies this event; writing the same event twice records it once
 * @param time when the decision was made
 * @param correlationId ties the event to the request and to what the person was shown
 * @param action what was decided
 * @param outcome what became of it
 * @param tenantId the tenant, when one was resolved
 * @param issuer the identity's issuer, when there was an identity
 * @param subject the identity's subject, when there was an identity
 * @param accountId the account, when one was found or created
 * @param errors why it was refused; empty when it was not
 * @param rolesAdded roles the decision added
 * @param rolesRemoved roles the decision removed
 * @param actor who made the decision when it was not the system's own (an approver, an
 *     administrator, a tenant's directory, the back office's API token); {@code null} for logins
 *     and sweeps
 * @param resource what a change to the registry changed ({@code tenant:acme},
 *     {@code connection:acme-okta}, {@code domain:acme.com}); {@code null} for other decisions
 * @param changes the settings that change altered, by path ({@code roles.rules}); never their values
 * @since 0.1
 */
public record AuditEvent(String id, Instant time, String correlationId, AuditAction action, AuditOutcome outcome,
        @Nullable String tenantId, @Nullable String issuer, @Nullable String subject, @Nullable String accountId,
        List<JitError> errors, Set<String> rolesAdded, Set<String> rolesRemoved, @Nullable AuditActor actor,
        @Nullable String resource, List<String> changes) {

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
        changes = List.copyOf(changes);
    }

    /** Starts an event of {@code action} with {@code outcome} at {@code time}; its id and correlation id are fresh. */
    public static Builder of(AuditAction action, AuditOutcome outcome, Instant time) {
        return new Builder(action, outcome, time);
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

    /** Builds an {@link AuditEvent} by name. */
    public static final class Builder {

        private final AuditAction action;
        private final AuditOutcome outcome;
        private final Instant time;
        private String id = UUID.randomUUID().toString();
        private String correlationId = UUID.randomUUID().toString();
        private @Nullable String tenantId;
        private @Nullable String issuer;
        private @Nullable String subject;
        private @Nullable String accountId;
        private List<JitError> errors = List.of();
        private Set<String> rolesAdded = Set.of();
        private Set<String> rolesRemoved = Set.of();
        private @Nullable AuditActor actor;
        private @Nullable String resource;
        private List<String> changes = List.of();

        private Builder(AuditAction action, AuditOutcome outcome, Instant time) {
            this.action = Objects.requireNonNull(action, "action cannot be null");
            this.outcome = Objects.requireNonNull(outcome, "outcome cannot be null");
            this.time = Objects.requireNonNull(time, "time cannot be null");
        }

        /** The event's own id; a random UUID by default. */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id cannot be null");
            return this;
        }

        /** What ties the event to its request; a random UUID by default. */
        public Builder correlationId(String correlationId) {
            this.correlationId = Objects.requireNonNull(correlationId, "correlationId cannot be null");
            return this;
        }

        /** The tenant, when one was resolved. */
        public Builder tenantId(@Nullable String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        /** The identity the decision was about: its issuer and subject. */
        public Builder identity(@Nullable String issuer, @Nullable String subject) {
            this.issuer = issuer;
            this.subject = subject;
            return this;
        }

        /** The account, when one was found or created. */
        public Builder accountId(@Nullable String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** Why it was refused or failed. */
        public Builder errors(List<JitError> errors) {
            this.errors = List.copyOf(errors);
            return this;
        }

        /** Roles the decision added. */
        public Builder rolesAdded(Set<String> roles) {
            this.rolesAdded = Set.copyOf(roles);
            return this;
        }

        /** Roles the decision removed. */
        public Builder rolesRemoved(Set<String> roles) {
            this.rolesRemoved = Set.copyOf(roles);
            return this;
        }

        /** Who decided, when not the system. */
        public Builder actor(@Nullable AuditActor actor) {
            this.actor = actor;
            return this;
        }

        /** What a change to the registry changed, e.g. {@code connection:acme-okta}. */
        public Builder resource(@Nullable String resource) {
            this.resource = resource;
            return this;
        }

        /** The settings the change altered, by path; never their values. */
        public Builder changes(List<String> changes) {
            this.changes = List.copyOf(changes);
            return this;
        }

        /** The event. */
        public AuditEvent build() {
            return new AuditEvent(id, time, correlationId, action, outcome, tenantId, issuer, subject, accountId, errors,
                    rolesAdded, rolesRemoved, actor, resource, changes);
        }
    }
}
