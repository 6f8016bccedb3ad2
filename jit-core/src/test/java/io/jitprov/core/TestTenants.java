package io.jitprov.core;

import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;

/** Tenants the tests start from; each returns a builder to adjust. */
public final class TestTenants {

    private TestTenants() {
    }

    public static Tenant.Builder acme() {
        return Tenant.withId("acme").trustedIssuers(TestIdentities.ACME_IDP)
                .roleMapping(RoleMapping.builder()
                        .rule(RoleRule.exact("acme-admins", "admin"))
                        .rule(RoleRule.prefix("acme-eng-", "developer"))
                        .rule(RoleRule.regex("acme-(ops|sre)", "operator"))
                        .defaultRoles("member")
                        .allowedRoles("member", "developer", "admin", "operator", "auditor")
                        .build());
    }

    public static Tenant.Builder globex() {
        return Tenant.withId("globex").trustedIssuers(TestIdentities.GLOBEX_IDP)
                .roleMapping(RoleMapping.builder().defaultRoles("user").build());
    }

    /** A registry where acme.test is verified for acme and globex.test for globex. */
    public static DomainRegistry verifiedDomains() {
        DomainRegistry registry = DomainRegistry.builder().dnsLookup(name -> java.util.List.of()).build();
        registry.markVerified("acme", "acme.test", false);
        registry.markVerified("globex", "globex.test", false);
        return registry;
    }
}
