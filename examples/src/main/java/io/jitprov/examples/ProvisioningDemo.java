package io.jitprov.examples;

import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.io.PrintStream;
import java.util.List;

/**
 * Walks one person of a demo tenant through first login, a returning login, a group change, and
 * three attacks, printing what jit decided each time. The identities are built here, as the SAML
 * and OIDC verifiers would build them after checking a real assertion or token.
 */
final class ProvisioningDemo {

    private static final String ACME_IDP = "https://idp.acme.test";

    private ProvisioningDemo() {
    }

    static int run(PrintStream out) {
        DomainRegistry domains = DomainRegistry.builder().build();
        domains.markVerified("acme", "acme.test", false);
        Tenant acme = Tenant.withId("acme")
                .trustedIssuers(ACME_IDP)
                .roleMapping(RoleMapping.builder()
                        .rule(RoleRule.exact("acme-admins", "admin"))
                        .rule(RoleRule.prefix("acme-eng-", "developer"))
                        .defaultRoles("member")
                        .build())
                .build();
        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                .userStore(new InMemoryUserStore())
                .build();

        out.println("jit demo: tenant [acme] owns the verified domain acme.test and trusts " + ACME_IDP);
        out.println();
        show(out, "Alice's first login, in acme-eng-backend", provisioner.provision(alice("acme-eng-backend")));
        show(out, "Alice again, nothing changed at the IdP", provisioner.provision(alice("acme-eng-backend")));
        show(out, "Alice moved from acme-eng-backend to acme-admins", provisioner.provision(alice("acme-admins")));
        show(out, "A rogue IdP asserts alice@acme.test", provisioner.provision(
                VerifiedIdentity.issuedBy("https://rogue.evil.test").subject("alice")
                        .attribute("email", "alice@acme.test").emailVerified(true).build()));
        show(out, "Mallory at alice@\u0430cme.test (Cyrillic \u0430)", provisioner.provision(
                VerifiedIdentity.issuedBy(ACME_IDP).subject("mallory")
                        .attribute("email", "alice@\u0430cme.test").emailVerified(true).build()));
        show(out, "Bob, whose email the IdP did not verify", provisioner.provision(
                VerifiedIdentity.issuedBy(ACME_IDP).subject("bob-02")
                        .attribute("email", "bob@acme.test").emailVerified(false).build()));
        return 0;
    }

    private static VerifiedIdentity alice(String... groups) {
        return VerifiedIdentity.issuedBy(ACME_IDP).subject("alice-0001")
                .attribute("email", "Alice@ACME.test").emailVerified(true)
                .attribute("groups", List.of(groups))
                .attribute("given_name", "Alice")
                .build();
    }

    private static void show(PrintStream out, String what, ProvisioningResult result) {
        out.println("- " + what);
        if (result.refused()) {
            out.println("    REFUSED " + result.refusal().orElseThrow().code() + ": "
                    + result.refusal().orElseThrow().message());
        } else {
            out.println("    " + result.outcome() + " account " + result.account().orElseThrow().id()
                    + " in tenant " + result.tenantId().orElseThrow() + ", roles " + result.roles()
                    + (result.rolesAdded().isEmpty() ? "" : ", added " + result.rolesAdded())
                    + (result.rolesRemoved().isEmpty() ? "" : ", removed " + result.rolesRemoved()));
        }
        out.println("    correlation id " + result.correlationId());
    }
}
