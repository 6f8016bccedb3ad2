package io.jitprov.examples;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.jitprov.config.JitRegistry;
import io.jitprov.config.RegistryEditor;
import io.jitprov.config.SetupLink;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.examples.devidp.DevIdps;
import io.jitprov.testidp.TestIdp;
import java.time.Duration;
import java.util.Optional;

/**
 * The demo's two tenants, kept in the registry like any customer's. Acme signs in with SAML, needs
 * acme-staff, and lets its backend engineers deploy for half an hour after a second factor, and
 * its staff ask an admin for db-admin. Globex signs in with OpenID Connect and lets its users hold
 * billing-admin for a quarter of an hour after a second factor.
 */
final class DemoTenants {

    private static final String ACME = """
            {"requiredGroups": ["acme-staff"],
             "roles": {"rules": [{"group": "acme-admins", "role": "admin"}, {"prefix": "acme-eng-", "role": "developer"}],
                       "defaultRoles": ["member"]},
             "elevation": [
               {"role": "deployer", "eligibleGroups": ["acme-eng-backend"], "maxDuration": "PT30M",
                "stepUp": {"maxAge": "PT5M", "contexts": ["%s"]}},
               {"role": "db-admin", "eligibleGroups": ["acme-staff"], "maxDuration": "PT1H",
                "justificationRequired": true, "approvals": "one", "approverRoles": ["admin"]}]}""";
    private static final String GLOBEX = """
            {"roles": {"rules": [{"group": "globex-admins", "role": "admin"}], "defaultRoles": ["member"]},
             "elevation": [{"role": "billing-admin", "eligibleGroups": ["globex-users"], "maxDuration": "PT15M",
                            "stepUp": {"maxAge": "PT5M", "mfa": true}}]}""";

    /**
     * A customer that has signed up but not set up single sign-on: the demo prints a setup link for
     * it, whose pages connect its own IdP (the development IdP's second SAML entity).
     */
    private static final String UMBRELLA = """
            {"roles": {"allowedRoles": ["member", "developer", "admin"], "defaultRoles": ["member"]}}""";

    /** What the policies above say, for people: printed when the demo starts. */
    static final String ROLES = "Groups give roles: in acme (which lets in acme-staff only) acme-admins -> admin and"
            + " acme-eng-* -> developer; in globex, globex-admins -> admin; everyone gets member. Bob may ask for"
            + " deployer for 30 minutes, anyone in acme-staff for db-admin, which Alice approves.";

    private DemoTenants() {
    }

    /**
     * Writes the demo's tenants, their connections to this run's development IdP (its keys and port
     * change from run to run) and their domains; what an administrator added is left alone.
     */
    static void seed(JitRegistry registry, TestIdp idp) {
        ensureTenant(registry, "acme", ACME.formatted(TestIdp.MFA_CONTEXT));
        ensureTenant(registry, "globex", GLOBEX);
        ensureTenant(registry, "umbrella", UMBRELLA);
        ensureConnection(registry, "acme", "acme-dev-idp", "{\"saml\": {\"metadata\": " + json(idp.samlMetadata())
                + ", \"emailsVerified\": true, \"groupAttributes\": [\"memberOf\"]}}");
        ensureConnection(registry, "globex", "globex-dev-idp", "{\"oidc\": {\"issuer\": " + json(idp.oidcIssuer())
                + ", \"clientId\": \"" + DevIdps.CLIENT_ID + "\", \"clientAuthentication\": \"none\"}}");
        // umbrella.test is vouched for by the back office: the demo cannot publish a DNS record.
        for (String[] domain : new String[][] {{"acme", "acme.test"}, {"globex", "globex.test"},
                {"umbrella", "umbrella.test"}}) {
            if (registry.domains().tenantFor(domain[1]).isEmpty()) {
                registry.markDomainVerified(domain[0], domain[1], false);
            }
        }
    }

    /**
     * A fresh setup link for umbrella, valid for a day; the links of earlier runs are revoked, so
     * that only the one printed works.
     */
    static SetupLink umbrellaSetupLink(JitRegistry registry) {
        RegistryEditor backOffice = registry.actingAs(AuditActor.account("demo-back-office"));
        registry.setupLinksOf("umbrella").forEach(link -> backOffice.revokeSetupLink(link.id()));
        return backOffice.issueSetupLink("umbrella", Duration.ofDays(1));
    }

    private static void ensureTenant(JitRegistry registry, String id, String document) {
        if (registry.tenant(id).isEmpty()) {
            registry.createTenant(id, document);
        }
    }

    private static void ensureConnection(JitRegistry registry, String tenantId, String id, String document) {
        Optional<RegistryEntry> stored = registry.connection(id);
        if (stored.isEmpty()) {
            registry.createConnection(tenantId, id, document);
        } else {
            registry.updateConnection(id, stored.get().version(), document);
        }
    }

    private static String json(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
