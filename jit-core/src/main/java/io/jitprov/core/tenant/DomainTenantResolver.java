package io.jitprov.core.tenant;

import io.jitprov.core.EmailAddress;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the tenant from the domain of the identity's email, through the verified claims of a
 * {@link DomainRegistry}. The email must be asserted as verified by the identity provider;
 * unknown, pending and lookalike domains resolve to nothing.
 *
 * @since 0.1
 */
public final class DomainTenantResolver implements TenantResolver {

    private final DomainRegistry domains;
    private final TenantDirectory tenants;

    private DomainTenantResolver(DomainRegistry domains, TenantDirectory tenants) {
        this.domains = domains;
        this.tenants = tenants;
    }

    /** Resolves the tenant from the verified email's domain, among the domains verified in {@code domains}. */
    public static DomainTenantResolver of(DomainRegistry domains, TenantDirectory tenants) {
        return new DomainTenantResolver(Objects.requireNonNull(domains, "domains cannot be null"),
                Objects.requireNonNull(tenants, "tenants cannot be null"));
    }

    @Override
    public TenantResolution resolve(VerifiedIdentity identity, ValidatedAttributes attributes) {
        Optional<String> rawEmail = attributes.first(StandardAttributes.EMAIL);
        if (rawEmail.isEmpty()) {
            return TenantResolution.refused(JitErrorCodes.EMAIL_MISSING, "Identity of subject "
                    + JitError.quote(identity.subject()) + " from issuer " + JitError.quote(identity.issuer())
                    + " has no email to find its tenant by");
        }
        if (!identity.emailVerified()) {
            return TenantResolution.refused(JitErrorCodes.EMAIL_NOT_VERIFIED, "Email " + JitError.quote(rawEmail.get())
                    + " is not asserted as verified by issuer " + JitError.quote(identity.issuer()));
        }
        Optional<EmailAddress> email = EmailAddress.parse(rawEmail.get());
        Optional<String> tenantId = email.flatMap(e -> domains.tenantForNormalized(e.domain()));
        if (tenantId.isEmpty()) {
            return TenantResolution.refused(JitErrorCodes.DOMAIN_NOT_VERIFIED, "Domain of email "
                    + JitError.quote(rawEmail.get()) + " is not verified for any tenant");
        }
        return tenants.find(tenantId.get())
                .map(tenant -> TenantResolution.resolved(tenant, true))
                .orElseGet(() -> TenantResolution.refused(JitErrorCodes.TENANT_NOT_FOUND,
                        "Tenant [" + tenantId.get() + "] of the email's domain does not exist"));
    }
}
