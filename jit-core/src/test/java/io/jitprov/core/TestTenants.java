package io.jitprov.core;

/** Tenants the tests start from; each returns a builder to adjust. */
final class TestTenants {

    private TestTenants() {
    }

    static Tenant.Builder acme() {
        return Tenant.withId("acme").trustedIssuers(TestIdentities.ACME_IDP)
                .roleMapping(RoleMapping.builder()
                        .rule(RoleRule.exact("acme-admins", "admin"))
                        .rule(RoleRule.prefix("acme-eng-", "developer"))
                        .rule(RoleRule.regex("acme-(ops|sre)", "operator"))
                        .defaultRoles("member")
                        .allowedRoles("member", "developer", "admin", "operator", "auditor")
                        .build());
    }

    static Tenant.Builder globex() {
        return Tenant.withId("globex").trustedIssuers(TestIdentities.GLOBEX_IDP)
                .roleMapping(RoleMapping.builder().defaultRoles("user").build());
    }

    /** A registry where acme.test is verified for acme and globex.test for globex. */
    static DomainRegistry verifiedDomains() {
        DomainRegistry registry = DomainRegistry.builder().dnsLookup(name -> java.util.List.of()).build();
        registry.markVerified("acme", "acme.test", false);
        registry.markVerified("globex", "globex.test", false);
        return registry;
    }
}
