/**
 * Tenants and what they allow: domain verification and resolution ({@link io.jitprov.core.tenant.DomainRegistry}, {@link io.jitprov.core.tenant.TenantResolver}), trusted IdPs, link policy, role rules ({@link io.jitprov.core.tenant.RoleMapping}, {@link io.jitprov.core.tenant.RoleMapper}) and elevation rules.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.tenant;

import org.jspecify.annotations.NullMarked;
