package io.jitprov.core.tenant;

import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import java.util.Objects;

/**
 * Decides which tenant a login belongs to. The {@link io.jitprov.core.provisioning.Provisioner} then checks, whatever the
 * resolver, that the tenant trusts the identity's issuer.
 *
 * @see DomainTenantResolver the default: the verified email's verified domain picks the tenant
 * @since 0.1
 */
@FunctionalInterface
public interface TenantResolver {

    /** The tenant {@code identity} signs in to, or why there is none. */
    TenantResolution resolve(VerifiedIdentity identity, ValidatedAttributes attributes);

    /**
     * Every login belongs to {@code tenant}: for single-tenant applications. Emails are never
     * treated as being in a verified domain, so {@link LinkPolicy#VERIFIED_EMAIL} links nothing.
     */
    static TenantResolver single(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant cannot be null");
        TenantResolution resolution = TenantResolution.resolved(tenant, false);
        return (identity, attributes) -> resolution;
    }
}
