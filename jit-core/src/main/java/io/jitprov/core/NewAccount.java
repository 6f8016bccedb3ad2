package io.jitprov.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An account to create, with its first external identity: created together or not at all.
 *
 * @param id the new account's identifier, chosen by the caller so it can be named (in an audit
 *     event, say) before the account exists
 * @param tenantId the tenant
 * @param email the normalised email, or {@code null}
 * @param kind person or workload
 * @param attributes the validated attributes
 * @param roles the initial roles
 * @param identities the external identities to link (usually one; none for an invitation)
 * @param createdAt when
 * @param lastLoginAt when it signed in, for an account a login creates; {@code null} for one created
 *     ahead of its first login (an invitation, a directory push)
 * @param emailVerified whether the email may link logins to the account ({@link Account#emailVerified()}):
 *     false for an email a directory pushed
 * @since 0.1
 */
public record NewAccount(String id, String tenantId, @Nullable String email, IdentityKind kind,
        ValidatedAttributes attributes, Set<AssignedRole> roles, List<ExternalIdentity> identities, Instant createdAt,
        @Nullable Instant lastLoginAt, boolean emailVerified) {

    /** Refuses missing components; copies the roles and identities; no email is never a verified one. */
    public NewAccount {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(attributes, "attributes cannot be null");
        roles = Set.copyOf(roles);
        identities = List.copyOf(identities);
        Objects.requireNonNull(createdAt, "createdAt cannot be null");
        emailVerified = email != null && emailVerified;
    }

    /** An account whose email, if any, is verified (an IdP's, or the application's own). */
    public NewAccount(String id, String tenantId, @Nullable String email, IdentityKind kind,
            ValidatedAttributes attributes, Set<AssignedRole> roles, List<ExternalIdentity> identities,
            Instant createdAt, @Nullable Instant lastLoginAt) {
        this(id, tenantId, email, kind, attributes, roles, identities, createdAt, lastLoginAt, true);
    }

    /** An account created ahead of its first login, with this identifier, and a verified email if any. */
    public NewAccount(String id, String tenantId, @Nullable String email, IdentityKind kind,
            ValidatedAttributes attributes, Set<AssignedRole> roles, List<ExternalIdentity> identities,
            Instant createdAt) {
        this(id, tenantId, email, kind, attributes, roles, identities, createdAt, null);
    }

    /** An account created ahead of its first login, with a random (UUID) identifier, and a verified email if any. */
    public NewAccount(String tenantId, @Nullable String email, IdentityKind kind, ValidatedAttributes attributes,
            Set<AssignedRole> roles, List<ExternalIdentity> identities, Instant createdAt) {
        this(UUID.randomUUID().toString(), tenantId, email, kind, attributes, roles, identities, createdAt, null);
    }
}
