package io.jitprov.core.provisioning;

import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.tenant.Tenant;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything the {@link Provisioner} established about one login before touching the store.
 *
 * @param identity the verified identity
 * @param correlationId the login's correlation id
 * @param now the time the login is judged at
 * @param tenant the resolved tenant, which trusts the issuer and whose policy the login meets
 * @param attributes the validated attributes
 * @param verifiedEmail the normalised email, only when the IdP asserted it as verified
 * @param emailDomainVerified whether that email's domain is verified for the tenant
 * @param mappedRoles the roles the groups justify, within the tenant's ceiling
 */
record Login(VerifiedIdentity identity, String correlationId, Instant now, Tenant tenant,
        ValidatedAttributes attributes, @Nullable String verifiedEmail, boolean emailDomainVerified,
        Set<String> mappedRoles) {

    ExternalIdentity externalIdentity() {
        return ExternalIdentity.of(identity);
    }
}
