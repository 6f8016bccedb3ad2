package io.jitprov.core.tenant;

import io.jitprov.core.StandardAttributes;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides which roles a login's groups justify. Whatever a mapper returns, the
 * {@link io.jitprov.core.provisioning.Provisioner} keeps only roles within the tenant's ceiling
 * ({@link RoleMapping#allowedRoles()}), and records them as {@link io.jitprov.core.RoleSource#MAPPED}.
 *
 * <pre>{@code
 * RoleMapper withContractors = (tenant, identity, attributes) -> {
 *     Set<String> roles = new HashSet<>(RoleMapper.TENANT_RULES.rolesFor(tenant, identity, attributes));
 *     if (attributes.first("employee_type").filter("contractor"::equals).isPresent()) {
 *         roles.remove("admin");
 *     }
 *     return roles;
 * };
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RoleMapper {

    /** Maps nothing: accounts get no roles from their groups. */
    RoleMapper NONE = (tenant, identity, attributes) -> Set.of();

    /**
     * The default: the tenant's {@link RoleMapping} default roles, plus the role of every rule
     * that one of the {@link StandardAttributes#GROUPS} values matches.
     */
    RoleMapper TENANT_RULES = (tenant, identity, attributes) -> {
        RoleMapping mapping = tenant.roleMapping();
        Set<String> roles = new HashSet<>(mapping.defaultRoles());
        // One budget for the whole login: many groups times many expressions stays bounded too.
        BoundedRegex.Budget budget = new BoundedRegex.Budget(BoundedRegex.LOGIN_BUDGET);
        for (String group : attributes.values(StandardAttributes.GROUPS)) {
            for (RoleRule rule : mapping.rules()) {
                if (rule.matches(group, budget)) {
                    roles.add(rule.role());
                }
            }
        }
        return roles;
    };

    /** The roles the identity should hold in {@code tenant}; the provisioner drops any outside the tenant's ceiling. */
    Set<String> rolesFor(Tenant tenant, VerifiedIdentity identity, ValidatedAttributes attributes);
}
