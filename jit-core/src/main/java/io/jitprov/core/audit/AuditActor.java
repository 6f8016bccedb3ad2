package io.jitprov.core.audit;

import java.util.Objects;

/**
 * Who made a decision that was not the system's own: an account (an approver, an administrator)
 * or a tenant's directory pushing over SCIM. Logins, sweeps and expiries have no actor.
 *
 * @param kind what kind of actor
 * @param id the account id, or the tenant id of the directory
 * @since 0.1
 */
public record AuditActor(Kind kind, String id) {

    /** The kinds of actor. */
    public enum Kind {
        /** A signed-in account; {@code id} is the account id. */
        ACCOUNT,
        /** A tenant's directory (SCIM); {@code id} is the tenant id. */
        DIRECTORY
    }

    /** Refuses missing components. */
    public AuditActor {
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
    }

    /** The account {@code accountId}. */
    public static AuditActor account(String accountId) {
        return new AuditActor(Kind.ACCOUNT, accountId);
    }

    /** The directory of tenant {@code tenantId}. */
    public static AuditActor directory(String tenantId) {
        return new AuditActor(Kind.DIRECTORY, tenantId);
    }

    /** The stable text of this actor: the account id, or {@code scim:} and the tenant id. */
    public String value() {
        return kind == Kind.DIRECTORY ? "scim:" + id : id;
    }

    /** The actor whose {@link #value()} is {@code value}. */
    public static AuditActor fromValue(String value) {
        return value.startsWith("scim:") ? directory(value.substring("scim:".length())) : account(value);
    }
}
