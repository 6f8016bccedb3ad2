package io.jitprov.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param email the normalised email; unique within the tenant. Links a new login to this account
 *     (under {@link io.jitprov.core.tenant.LinkPolicy#VERIFIED_EMAIL}) only when {@code emailVerified}
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
 * @param emailVerified whether the email may link a login to this account: true when an IdP
 *     asserted it verified, or the application set it itself (an invitation); false when a
 *     directory pushed it ({@link io.jitprov.core.provisioning.Preprovisioner}), until a login of one of the account's own
 *     identities brings it verified; false when there is no email. A store must keep it as given
 * @since 0.1
 */
public record Account(String id, String tenantId, @Nullable String email, IdentityKind kind, AccountStatus status,
        ValidatedAttributes attributes, Set<AssignedRole> roles, List<ExternalIdentity> identities,
        Instant createdAt, Instant updatedAt, long version, @Nullable Instant lastLoginAt, boolean emailVerified) {

    /**
     * The attribute in which the names of locally edited attributes are kept, so that every store
     * keeps them without a schema change; no IdP attribute can have this name.
     */
    public static final String LOCAL_EDITS = "jit:locally-edited";

    /** Refuses missing components; copies the roles and identities; no email is never a verified one. */
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
        emailVerified = email != null && emailVerified;
    }

    /** An account whose email, if any, is verified (an IdP's, or the application's own). */
    public Account(String id, String tenantId, @Nullable String email, IdentityKind kind, AccountStatus status,
            ValidatedAttributes attributes, Set<AssignedRole> roles, List<ExternalIdentity> identities,
            Instant createdAt, Instant updatedAt, long version, @Nullable Instant lastLoginAt) {
        this(id, tenantId, email, kind, status, attributes, roles, identities, createdAt, updatedAt, version,
                lastLoginAt, true);
    }

    /** An account whose store does not keep the last login, and whose email, if any, is verified. */
    public Account(String id, String tenantId, @Nullable String email, IdentityKind kind, AccountStatus status,
            ValidatedAttributes attributes, Set<AssignedRole> roles, List<ExternalIdentity> identities,
            Instant createdAt, Instant updatedAt, long version) {
        this(id, tenantId, email, kind, status, attributes, roles, identities, createdAt, updatedAt, version, null);
    }

    /** The email, when the account has one, verified or not ({@link #emailVerified()}). */
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

    /** Whether the account may sign in and hold grants. */
    public boolean active() {
        return status == AccountStatus.ACTIVE;
    }

    /** A copy in another status; stores set {@code version} and {@code updatedAt} on update. */
    public Account withStatus(AccountStatus newStatus) {
        return new Account(id, tenantId, email, kind, newStatus, attributes, roles, identities, createdAt,
                updatedAt, version, lastLoginAt, emailVerified);
    }

    /** A copy with other roles. */
    public Account withRoles(Set<AssignedRole> newRoles) {
        return new Account(id, tenantId, email, kind, status, attributes, newRoles, identities, createdAt,
                updatedAt, version, lastLoginAt, emailVerified);
    }

    /** A copy with another email, normalised and verified (an IdP's, or the application's own), or {@code null}. */
    public Account withEmail(@Nullable String newEmail) {
        return withEmail(newEmail, true);
    }

    /** A copy with another normalised email, or {@code null}, verified or not ({@link #emailVerified()}). */
    public Account withEmail(@Nullable String newEmail, boolean verified) {
        return new Account(id, tenantId, newEmail, kind, status, attributes, roles, identities, createdAt,
                updatedAt, version, lastLoginAt, verified);
    }

    /** A copy with other attributes. */
    public Account withAttributes(ValidatedAttributes newAttributes) {
        return new Account(id, tenantId, email, kind, status, newAttributes, roles, identities, createdAt,
                updatedAt, version, lastLoginAt, emailVerified);
    }

    /**
     * A copy in which the application edited attribute {@code name} locally: tenants that sync it
     * with {@link io.jitprov.core.tenant.AttributeSync#KEEP_LOCAL_EDITS} keep this value over the IdP's. Empty
     * {@code values} is a local removal. Write it with {@link UserStore#update}.
     */
    public Account withLocalEdit(String name, List<String> values) {
        Objects.requireNonNull(name, "name cannot be null");
        if (name.equals(LOCAL_EDITS)) {
            throw new IllegalArgumentException("[" + LOCAL_EDITS + "] is jit's own record of local edits");
        }
        Map<String, List<String>> edited = new LinkedHashMap<>(attributes.asMap());
        edited.put(name, List.copyOf(values));
        Set<String> names = new TreeSet<>(locallyEdited());
        names.add(name);
        edited.put(LOCAL_EDITS, List.copyOf(names));
        edited.values().removeIf(List::isEmpty);
        return withAttributes(ValidatedAttributes.of(edited));
    }

    /** A copy in which {@code name} follows the IdP again from the next login. */
    public Account withoutLocalEdit(String name) {
        Set<String> names = new TreeSet<>(locallyEdited());
        if (!names.remove(name)) {
            return this;
        }
        Map<String, List<String>> edited = new LinkedHashMap<>(attributes.asMap());
        if (names.isEmpty()) {
            edited.remove(LOCAL_EDITS);
        } else {
            edited.put(LOCAL_EDITS, List.copyOf(names));
        }
        return withAttributes(ValidatedAttributes.of(edited));
    }

    /** The attributes the application edited locally (kept in the attribute {@value #LOCAL_EDITS}). */
    public Set<String> locallyEdited() {
        return Set.copyOf(attributes.values(LOCAL_EDITS));
    }

    /** A copy with other external identities. */
    public Account withIdentities(List<ExternalIdentity> newIdentities) {
        return new Account(id, tenantId, email, kind, status, attributes, roles, newIdentities, createdAt,
                updatedAt, version, lastLoginAt, emailVerified);
    }
}
