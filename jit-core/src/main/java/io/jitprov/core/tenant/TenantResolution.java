package io.jitprov.core.tenant;

import io.jitprov.core.JitError;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TenantResolver} decided: a tenant, or why there is none.
 *
 * @since 0.1
 */
public final class TenantResolution {

    private final @Nullable Tenant tenant;
    private final boolean emailDomainVerified;
    private final @Nullable JitError error;

    private TenantResolution(@Nullable Tenant tenant, boolean emailDomainVerified, @Nullable JitError error) {
        this.tenant = tenant;
        this.emailDomainVerified = emailDomainVerified;
        this.error = error;
    }

    /**
     * The identity belongs to {@code tenant}.
     *
     * @param emailDomainVerified whether the resolver established that the identity's verified
     *     email is in a domain verified for this tenant; only then can a
     *     {@link LinkPolicy#VERIFIED_EMAIL} link an existing account
     */
    public static TenantResolution resolved(Tenant tenant, boolean emailDomainVerified) {
        return new TenantResolution(Objects.requireNonNull(tenant, "tenant cannot be null"), emailDomainVerified, null);
    }

    /** No tenant, for the reason given. */
    public static TenantResolution refused(String code, String description) {
        return new TenantResolution(null, false, new JitError(code, description));
    }

    /** The tenant, when one was found. */
    public Optional<Tenant> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** Whether the email's domain is verified for the tenant found: only then may the email link accounts. */
    public boolean emailDomainVerified() {
        return emailDomainVerified;
    }

    /** Why no tenant was found, when none was. */
    public Optional<JitError> error() {
        return Optional.ofNullable(error);
    }
}
