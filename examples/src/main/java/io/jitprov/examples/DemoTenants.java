package io.jitprov.examples;

import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.StepUp;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.examples.devidp.DevIdpServlet;
import java.time.Duration;

/**
 * The demo's two tenants. Acme signs in with SAML, needs acme-staff, and lets its backend
 * engineers deploy for half an hour after a second factor, and its staff ask an admin for
 * db-admin. Globex signs in with OpenID Connect and lets its users hold billing-admin for a
 * quarter of an hour after a second factor.
 */
final class DemoTenants {

    private DemoTenants() {
    }

    static TenantDirectory of(DevIdpServlet idp) {
        Tenant acme = Tenant.withId("acme").trustedIssuers(idp.samlEntityId()).requireAnyGroup("acme-staff")
                .roleMapping(RoleMapping.builder().rule(RoleRule.exact("acme-admins", "admin"))
                        .rule(RoleRule.prefix("acme-eng-", "developer")).defaultRoles("member").build())
                .elevation(ElevationRule.forRole("deployer").eligibleGroups("acme-eng-backend")
                                .maxDuration(Duration.ofMinutes(30))
                                .stepUp(StepUp.within(Duration.ofMinutes(5)).contexts(DevIdpServlet.MFA_CONTEXT)).build(),
                        ElevationRule.forRole("db-admin").eligibleGroups("acme-staff").maxDuration(Duration.ofHours(1))
                                .justificationRequired(true).approvals(ApprovalRequirement.ONE).approverRoles("admin")
                                .build())
                .build();
        Tenant globex = Tenant.withId("globex").trustedIssuers(idp.oidcIssuer())
                .roleMapping(RoleMapping.builder().rule(RoleRule.exact("globex-admins", "admin"))
                        .defaultRoles("member").build())
                .elevation(ElevationRule.forRole("billing-admin").eligibleGroups("globex-users")
                        .maxDuration(Duration.ofMinutes(15)).stepUp(StepUp.within(Duration.ofMinutes(5)).mfa()).build())
                .build();
        return TenantDirectory.of(acme, globex);
    }
}
