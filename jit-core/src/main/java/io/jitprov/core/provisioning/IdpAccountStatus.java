package io.jitprov.core.provisioning;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.tenant.Tenant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads a tenant's account-status attribute: the IdP's word on whether the person may still come in. */
final class IdpAccountStatus {

    private IdpAccountStatus() {
    }

    /**
     * The refusal when the IdP says the account is not active ({@code disabled_at_idp}), or sends no
     * status although the tenant reads one ({@code attribute_missing}: a missing status must not
     * pass for an active one); empty when the tenant reads none or the status is active.
     */
    static Optional<JitError> check(Tenant tenant, ValidatedAttributes attributes) {
        Optional<String> attribute = tenant.statusAttribute();
        if (attribute.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = attributes.values(attribute.get());
        if (values.isEmpty()) {
            return Optional.of(new JitError(JitErrorCodes.ATTRIBUTE_MISSING, "Tenant [" + tenant.id()
                    + "] reads the account status from [" + attribute.get() + "], which the IdP did not send"));
        }
        boolean active = values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT))
                .allMatch(tenant.activeStatusValues()::contains);
        return active ? Optional.empty() : Optional.of(new JitError(JitErrorCodes.DISABLED_AT_IDP, "The IdP says the"
                + " account is " + values + " in [" + attribute.get() + "], not one of " + tenant.activeStatusValues()));
    }
}
