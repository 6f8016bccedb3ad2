package io.jitprov.core.provisioning;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.tenant.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The tenant's rules that hold on every login, checked before any account is read or written:
 * the issuer must be trusted, the identity kind allowed, the groups complete when the tenant uses
 * them, and a required group present.
 */
final class TenantPolicyCheck {

    private TenantPolicyCheck() {
    }

    static List<JitError> check(Tenant tenant, VerifiedIdentity identity, ValidatedAttributes attributes, Instant now) {
        List<JitError> errors = new ArrayList<>();
        if (!tenant.trusts(identity.issuer())) {
            // Stop here: nothing an untrusted issuer says about kind or groups is worth judging.
            errors.add(new JitError(JitErrorCodes.ISSUER_NOT_TRUSTED_BY_TENANT, "Issuer "
                    + JitError.quote(identity.issuer()) + " is not trusted by tenant [" + tenant.id() + "]"));
            return errors;
        }
        if (!tenant.allowedKinds().contains(identity.kind())) {
            errors.add(new JitError(JitErrorCodes.IDENTITY_KIND_NOT_ALLOWED, "Tenant [" + tenant.id()
                    + "] does not accept " + identity.kind() + " identities"));
        }
        boolean usesGroups = !tenant.requiredGroups().isEmpty() || !tenant.roleMapping().rules().isEmpty();
        if (identity.groupsIncomplete() && usesGroups) {
            // Checked before the required group: a partial list must not be read as "not a member".
            errors.add(new JitError(JitErrorCodes.GROUPS_INCOMPLETE, "Issuer " + JitError.quote(identity.issuer())
                    + " left some groups of subject " + JitError.quote(identity.subject()) + " out, and tenant ["
                    + tenant.id() + "] maps roles from groups"));
            return errors;
        }
        AccessEnd.check(tenant, attributes, now).ifPresent(errors::add);
        IdpAccountStatus.check(tenant, attributes).ifPresent(errors::add);
        if (!tenant.requiredGroups().isEmpty()
                && attributes.values(StandardAttributes.GROUPS).stream().noneMatch(tenant.requiredGroups()::contains)) {
            errors.add(new JitError(JitErrorCodes.REQUIRED_GROUP_MISSING, "Subject " + JitError.quote(identity.subject())
                    + " is in none of the groups tenant [" + tenant.id() + "] requires: "
                    + new TreeSet<>(tenant.requiredGroups())));
        }
        return errors;
    }
}
