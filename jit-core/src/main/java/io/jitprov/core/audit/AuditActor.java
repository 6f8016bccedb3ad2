package io.jitprov.core.audit;

import java.util.Objects;

/**
 * Who made a decision that was not the system's own: an account (an approver, an administrator),
 * a tenant's directory pushing over SCIM, or the application's back office calling the admin API
 * with one of its tokens. Logins, sweeps and expiries have no actor.
 *
 * @param kind what kind of actor
 * @param id the account id, the tenant id of the directory, or the id of the API token
 * @since 0.1
 */
public record AuditActor(Kind kind, String id) {

    /** The kinds of actor. */
    public enum Kind {
        /** A signed-in account; {@code id} is the account id. */
        ACCOUNT,
        /** A tenant's directory (SCIM); {@code id} is the tenant id. */
        DIRECTORY,
        /** The back office, through the admin API; {@code id} names the token it used (never the token). */
        API_TOKEN,
        /** Whoever holds a tenant's setup link; {@code id} is the link's id (never its secret). */
        SETUP_LINK
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

    /** The back office's API token named {@code tokenId}. */
    public static AuditActor apiToken(String tokenId) {
        return new AuditActor(Kind.API_TOKEN, tokenId);
    }

    /** Whoever holds the setup link {@code linkId}. */
    public static AuditActor setupLink(String linkId) {
        return new AuditActor(Kind.SETUP_LINK, linkId);
    }

    /**
     * The stable text of this actor: the account id, {@code scim:} and the tenant id,
     * {@code api-token:} and the token's id, or {@code setup-link:} and the link's id.
     */
    public String value() {
        return switch (kind) {
            case DIRECTORY -> "scim:" + id;
            case API_TOKEN -> "api-token:" + id;
            case SETUP_LINK -> "setup-link:" + id;
            case ACCOUNT -> id;
        };
    }

    /** The actor whose {@link #value()} is {@code value}. */
    public static AuditActor fromValue(String value) {
        if (value.startsWith("scim:")) {
            return directory(value.substring("scim:".length()));
        }
        if (value.startsWith("setup-link:")) {
            return setupLink(value.substring("setup-link:".length()));
        }
        return value.startsWith("api-token:") ? apiToken(value.substring("api-token:".length())) : account(value);
    }
}
