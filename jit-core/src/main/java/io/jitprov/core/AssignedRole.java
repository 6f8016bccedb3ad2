package io.jitprov.core;

import java.util.Objects;

/**
 * A role an account holds, and why. One role may be held twice, once mapped and once manual;
 * losing the group then removes only the mapped one.
 *
 * @param role the role name
 * @param source where it came from
 * @since 0.1
 */
public record AssignedRole(String role, RoleSource source) {

    /** Refuses a missing or empty role and a missing source. */
    public AssignedRole {
        Objects.requireNonNull(role, "role cannot be null");
        Objects.requireNonNull(source, "source cannot be null");
        if (role.isEmpty()) {
            throw new IllegalArgumentException("role cannot be empty");
        }
    }

    /** A role the tenant's role mapping gave from the IdP's groups: it follows them on every synced login. */
    public static AssignedRole mapped(String role) {
        return new AssignedRole(role, RoleSource.MAPPED);
    }

    /** A role granted by the application itself: login syncs never remove it. */
    public static AssignedRole manual(String role) {
        return new AssignedRole(role, RoleSource.MANUAL);
    }
}
