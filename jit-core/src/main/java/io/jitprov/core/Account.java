package io.jitprov.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A local account of one tenant, as a {@link UserStore} holds it.
 *
 * @param id the store's identifier
 * @param tenantId the tenant it belongs to, for good
 * @param email the normalised email, only ever one an IdP asserted as verified; unique within the tenant
 * @param kind person or workload
 * @param status active or disabled
 * @param attributes the validated attributes last taken from the IdP
 * @param roles the roles held, each with its source
 * @param identities the external identities that log in to it; each is unique within the tenant
 * @param createdAt when the account was created
 * @param updatedAt when it last changed
 * @param version incremented by every update, for optimistic concurrency
 * @param lastLoginAt when it last signed in, to the store's granularity (the Provisioner records it
 *     at most hourly); {@code null} when it never did or the store does not keep it
 * @since 0.1
 */
public record Account(String id, String tenantId, @Nullable String email, IdentityKind kind, AccountStatus status,
        ValidatedAttributes attributes, Set<AssignedRole> roles, List<ExternalIdentity> identities,
        Instant createdAt, Instant updatedAt, long version, @Nullable Instant lastLoginAt) {

    public Account {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(status, "status cannot be null");
        Objects.requireNonNull(attributes, "attributes cannot be null");
        roles = Set.copyOf(roles);
        identities = List.copyOf(identities);
        Objects.requireNonNull(createdAt, "createdAt cannot be null");
        Objects.requireNonNull(updatedAt, "updatedAt cannot be null");
    }

    /** An account whose store does not keep the last login. */
    public Account(String id, String tenantId, @Nullable String email, IdentityKind kind, AccountStatus status,
            ValidatedAttributes attributes, Set<AssignedRole> roles, List<ExternalIdentity> identities,
            Instant createdAt, Instant updatedAt, long version) {
        this(id, tenantId, email, kind, status, attributes, roles, identities, createdAt, updatedAt, version, null);
    }

    public Optional<String> emailAddress() {
        return Optional.ofNullable(email);
    }

    /** The names of every role held, whatever its source, sorted. */
    public Set<String> roleNames() {
        Set<String> names = new TreeSet<>();
        roles.forEach(r -> names.add(r.role()));
        return names;
    }

    /** The names of the roles the role mapping gave. */
    public Set<String> mappedRoleNames() {
        Set<String> names = new TreeSet<>();
        roles.stream().filter(r -> r.source() == RoleSource.MAPPED).forEach(r -> names.add(r.role()));
        return names;
    }

    public boolean active() {
        return status == AccountStatus.ACTIVE;
    }

    /** A copy in another status; stores set {@code version} and {@code updatedAt} on update. */
    public Account withStatus(AccountStatus newStatus) {
        return new Account(id, tenantId, email, kind, newStatus, attributes, roles, identities, createdAt,
                updatedAt, version, lastLoginAt);
    }

    /** A copy with other roles. */
    public Account withRoles(Set<AssignedRole> newRoles) {
        return new Account(id, tenantId, email, kind, status, attributes, newRoles, identities, createdAt,
                updatedAt, version, lastLoginAt);
    }

    /** A copy with another email (normalised and verified, or {@code null}). */
    public Account withEmail(@Nullable String newEmail) {
        return new Account(id, tenantId, newEmail, kind, status, attributes, roles, identities, createdAt,
                updatedAt, version, lastLoginAt);
    }

    /** A copy with other attributes. */
    public Account withAttributes(ValidatedAttributes newAttributes) {
        return new Account(id, tenantId, email, kind, status, newAttributes, roles, identities, createdAt,
                updatedAt, version, lastLoginAt);
    }

    /** A copy with other external identities. */
    public Account withIdentities(List<ExternalIdentity> newIdentities) {
        return new Account(id, tenantId, email, kind, status, attributes, roles, newIdentities, createdAt,
                updatedAt, version, lastLoginAt);
    }
}
