package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitprov.config.RegistryTestNodes.Started;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * A second, fresh-eyes review of the admin API and the registry runtime. Every test asserts the
 * SAFE behaviour: a failing test is a finding.
 */
class AdminApiFreshEyesTests extends AdminApiTestBase {

    private static final String CEILING_RULES = "\"rules\": [{\"group\": \"acme-admins\", \"role\": \"admin\"}],"
            + " \"defaultRoles\": [\"member\"]";

    private void ceilingOnAcme() throws Exception {
        HttpResponse<String> put = backOffice("PUT", "/tenants/acme", "{\"settings\": {\"roles\": {" + CEILING_RULES
                + ", \"allowedRoles\": [\"admin\", \"member\"]}}}", "If-Match", "\"1\"");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    // --- findings --------------------------------------------------------------------------

    /**
     * A tenant's admin may not raise the ceiling. An elevation rule for a role above
     * {@code roles.allowedRoles}, eligible to themselves with no approval, gives them that role anyway.
     */
    @Test
    void tenantAdminWhenAddingAnElevationRuleAboveTheCeilingThenRefusedAndTheRoleIsNeverHeld() throws Exception {
        ceilingOnAcme();
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);

        HttpResponse<String> put = asAdmin(admin, "PUT", "/tenants/acme", "{\"settings\": {\"roles\": {" + CEILING_RULES
                + ", \"allowedRoles\": [\"admin\", \"member\"]}, \"elevation\": [{\"role\": \"owner\","
                + " \"eligibleGroups\": [\"acme-admins\"], \"maxDuration\": \"PT8H\"}]}}", csrf, "If-Match", "\"2\"");
        HttpResponse<String> elevated = admin.post("/sso/elevation/request", Map.of("role", "owner", "minutes", "60",
                "csrf", csrf), "application/json");
        String who = admin.get("/app/").body();

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(who).as("the principal, after the elevation answered " + elevated.statusCode() + " "
                + elevated.body()).doesNotContain("owner");
        soft.assertThat(put.statusCode()).as("PUT answered: " + put.body()).isIn(403, 422);
        soft.assertAll();
    }

    /**
     * Without an explicit allowedRoles the ceiling is the roles the back office's document names; a
     * tenant's admin then raises it by naming any role in a rule.
     */
    @Test
    void tenantAdminWhenTheBackOfficeSetNoExplicitCeilingThenTheyStillCannotMapNewRoles() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);

        HttpResponse<String> put = asAdmin(admin, "PUT", "/tenants/acme", "{\"settings\": {\"roles\": {\"rules\":"
                + " [{\"group\": \"acme-admins\", \"role\": \"admin\"}, {\"group\": \"acme-admins\", \"role\":"
                + " \"superuser\"}], \"defaultRoles\": [\"member\"]}}}", csrf, "If-Match", "\"1\"");

        assertThat(put.statusCode()).as(put.body()).isIn(403, 422);
        assertThat(nodes.backOffice.tenants().find("acme").orElseThrow().roleMapping().allowedRoles())
                .doesNotContain("superuser");
    }

    /**
     * Deleting a connection and re-creating the same id under another tenant before a node polls
     * overwrites the deletion's change row: the node never forgets the old tenant's trust in the IdP,
     * and the IdP now answers with the other tenant's (attacker's) metadata.
     */
    @Test
    void connectionWhenDeletedAndItsIdTakenAtOnceByAnotherTenantThenNoNodeKeepsTheOldTenantTrustingTheIdp()
            throws Exception {
        TestApp nodeB = nodes.node();
        // The attacker, acme's admin, signs in through acme's IdP on node A.
        TestApp attacker = signedInAtAcme(app, "mallory@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(attacker);
        // The victim tenant, initech, uses the IdP acme used so far (its entityID moves to initech).
        nodes.backOffice.updateConnection("acme-saml", 1, RegistryTestNodes.saml(
                IdpSide.metadata().replace(IdpSide.IDP, "https://idp.acme-new.test/saml")));
        nodes.backOffice.createTenant("initech", "{}");
        nodes.backOffice.createConnection("initech", "initech-saml", RegistryTestNodes.saml(IdpSide.metadata()));
        nodes.backOffice.domains().markVerified("initech", "initech.test", false);
        RegistryTestNodes.startSignInWithin(nodeB, "warm@initech.test");
        Thread.sleep(600); // node B has applied every change so far ...
        assertThat(RegistryTestNodes.startSignIn(nodeB, "warm2@initech.test")).isPresent(); // ... and keeps initech parsed

        // initech drops its IdP; at once acme's admin takes the connection id, with an IdP of theirs.
        long raceStarted = System.nanoTime();
        nodes.backOffice.deleteConnection("initech-saml", 1);
        HttpResponse<String> taken = asAdmin(attacker, "POST", "/tenants/acme/connections", "{\"id\": \"initech-saml\","
                + " \"settings\": " + RegistryTestNodes.saml(IdpSide.metadata()) + "}", csrf);
        // Refused: a deleted connection's id stays its tenant's.
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
        assertThat(taken.body()).doesNotContain("initech");
        System.out.println("delete to re-create took ms: " + (System.nanoTime() - raceStarted) / 1_000_000);
        Thread.sleep(RegistryTestNodes.PROPAGATION.toMillis() + 500);

        TestApp victim = nodeB.other();
        Optional<Started> login = RegistryTestNodes.startSignIn(victim, "ceo@initech.test");
        String signedInAs = "";
        if (login.isPresent()) {
            RegistryTestNodes.answer(victim, login.get(), "ceo", "ceo@initech.test", List.of("initech-admins"));
            signedInAs = victim.get("/app/").body();
        }
        assertThat(signedInAs).as("node B, through the IdP now held by acme").doesNotContain("user=ceo@initech.test");
        assertThat(login).as("initech has no connection any more: nobody of initech signs in").isEmpty();
    }

    /**
     * The same race with no HTTP in between (two writers on the database, e.g. two nodes' admin
     * API calls a few milliseconds apart): node B must still forget initech's trust in the IdP.
     */
    @Test
    void connectionWhenDeletedAndRecreatedUnderAnotherTenantBetweenTwoPollsThenTheOldTenantIsForgotten()
            throws Exception {
        TestApp nodeB = nodes.node();
        nodes.backOffice.updateConnection("acme-saml", 1, RegistryTestNodes.saml(
                IdpSide.metadata().replace(IdpSide.IDP, "https://idp.acme-new.test/saml")));
        nodes.backOffice.createTenant("initech", "{}");
        nodes.backOffice.createConnection("initech", "initech-saml", RegistryTestNodes.saml(IdpSide.metadata()));
        nodes.backOffice.domains().markVerified("initech", "initech.test", false);
        RegistryTestNodes.startSignInWithin(nodeB, "warm@initech.test");
        Thread.sleep(600); // node B has applied every change so far ...
        assertThat(RegistryTestNodes.startSignIn(nodeB, "warm2@initech.test")).isPresent(); // ... and keeps initech parsed

        long raceStarted = System.nanoTime();
        nodes.backOffice.deleteConnection("initech-saml", 1);
        assertThatThrownBy(() -> nodes.backOffice.createConnection("acme", "initech-saml",
                RegistryTestNodes.saml(IdpSide.metadata()))).as("a deleted id stays its tenant's")
                .isInstanceOfSatisfying(RegistryConflictException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.ENTRY_EXISTS));
        nodes.backOffice.createConnection("acme", "acme-takes-the-idp", RegistryTestNodes.saml(IdpSide.metadata()));
        System.out.println("direct: delete to re-create took ms: " + (System.nanoTime() - raceStarted) / 1_000_000);
        Thread.sleep(RegistryTestNodes.PROPAGATION.toMillis() + 500);

        TestApp victim = nodeB.other();
        Optional<Started> login = RegistryTestNodes.startSignIn(victim, "ceo@initech.test");
        String signedInAs = "";
        if (login.isPresent()) {
            RegistryTestNodes.answer(victim, login.get(), "ceo", "ceo@initech.test", List.of("initech-admins"));
            signedInAs = victim.get("/app/").body();
        }
        assertThat(signedInAs).as("node B, through the IdP now held by acme").doesNotContain("user=ceo@initech.test");
        assertThat(login).as("initech has no connection any more: nobody of initech signs in").isEmpty();
    }

    /**
     * An IdP's entityID or issuer goes to whoever registers it first; no proof of control is asked
     * (a documented limit until connections get SP endpoints of their own). The one that holds it
     * gains nothing: its tenant trusts the IdP for its own verified domains only. The back office
     * sees who holds it and frees it.
     */
    @Test
    void tenantAdminWhenRegisteringAnIdpTheyDoNotControlThenTheBackOfficeCanFreeIt() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);
        String google = "{\"oidc\": {\"issuer\": \"https://accounts.google.com\", \"clientId\": \"x\"}}";

        HttpResponse<String> squat = asAdmin(admin, "POST", "/tenants/acme/connections", "{\"id\": \"acme-google\","
                + " \"settings\": " + google + "}", csrf);
        HttpResponse<String> blocked = backOffice("POST", "/tenants/globex/connections", "{\"id\": \"globex-google\","
                + " \"settings\": " + google + "}");
        assertThat(squat.statusCode()).as(squat.body()).isEqualTo(201);
        assertThat(blocked.statusCode()).isEqualTo(409);
        assertThat(blocked.body()).as("the back office is told which IdP").contains("accounts.google.com");

        assertThat(backOffice("DELETE", "/connections/acme-google", null, "If-Match", "\"1\"").statusCode()).isEqualTo(204);
        assertThat(backOffice("POST", "/tenants/globex/connections", "{\"id\": \"globex-google\", \"settings\": "
                + google + "}").statusCode()).isEqualTo(201);
    }

    /**
     * Connection names and IdPs are shared by all tenants, so a tenant's admin learns that one is
     * taken (409), never by whom nor any other tenant's settings.
     */
    @Test
    void tenantAdminWhenProbingOtherTenantsConnectionIdsAndIdpsThenOnlyThatTheyAreTaken() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);
        String someIdp = RegistryTestNodes.saml(IdpSide.metadata().replace(IdpSide.IDP, "https://idp.probe.test/x"));

        HttpResponse<String> takenId = asAdmin(admin, "POST", "/tenants/acme/connections",
                "{\"id\": \"globex-saml\", \"settings\": " + someIdp + "}", csrf);
        HttpResponse<String> takenIdp = asAdmin(admin, "POST", "/tenants/acme/connections",
                "{\"id\": \"probe-2\", \"settings\": " + RegistryTestNodes.saml(IdpSide.metadata().replace(IdpSide.IDP,
                        "https://idp.globex.test/saml")) + "}", csrf);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(takenId.statusCode()).isEqualTo(409);
        soft.assertThat(takenId.body()).as("id of another tenant's connection").doesNotContain("globex");
        soft.assertThat(takenIdp.statusCode()).isEqualTo(409);
        soft.assertThat(takenIdp.body()).as("IdP of another tenant").doesNotContain("idp.globex.test")
                .doesNotContain("globex").isEqualTo(takenId.body());
        soft.assertAll();
    }

    /**
     * A tenant's admin moves their OIDC connection's token endpoint (or issuer) to a server of theirs
     * and keeps the stored secret with {"set": true}: the next login sends the secret there.
     */
    @Test
    void connectionWhenItsEndpointsMoveToAnotherHostThenTheStoredSecretIsNotKeptWithoutBeingGivenAgain()
            throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);
        HttpResponse<String> created = backOffice("POST", "/tenants/acme/connections", "{\"id\": \"acme-oidc\","
                + " \"settings\": {\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"app\","
                + " \"clientSecret\": \"the-saas-secret\", \"jwksUri\": \"https://login.acme.test/jwks\","
                + " \"tokenEndpoint\": \"https://login.acme.test/token\","
                + " \"authorizationEndpoint\": \"https://login.acme.test/authorize\"}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String sealedBefore = nodes.backOffice.connection("acme-oidc").orElseThrow().document();

        HttpResponse<String> moved = asAdmin(admin, "PUT", "/connections/acme-oidc", "{\"settings\": {\"oidc\":"
                + " {\"issuer\": \"https://login.acme.test\", \"clientId\": \"app\", \"clientSecret\": {\"set\": true},"
                + " \"jwksUri\": \"https://login.acme.test/jwks\", \"tokenEndpoint\": \"https://collector.evil.example/t\","
                + " \"authorizationEndpoint\": \"https://login.acme.test/authorize\"}}}", csrf, "If-Match", "\"1\"");

        assertThat(moved.statusCode()).as("kept the secret for a new host: " + moved.body()).isIn(403, 422);
        assertThat(nodes.backOffice.connection("acme-oidc").orElseThrow().document()).isEqualTo(sealedBefore);
    }

    /**
     * Regexes are bounded per match, but not in number: one tenant's document of many near-budget
     * rules costs seconds of one login thread per login, on every node.
     */
    @Test
    void tenantWhenItHasManyRegexRulesThenOneLoginsRoleMappingStaysCheap() throws Exception {
        StringBuilder rules = new StringBuilder();
        int count = 0;
        String rule = "{\"regex\": \".*.*.*z\", \"role\": \"member\"}";
        while (rules.length() + rule.length() + 200 < RegistryDocuments.MAX_DOCUMENT_CHARS) {
            rules.append(count++ == 0 ? "" : ",").append(rule);
        }
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);
        long writeStarted = System.nanoTime();
        HttpResponse<String> put = asAdmin(admin, "PUT", "/tenants/acme", "{\"settings\": {\"roles\": {\"rules\": ["
                + "{\"group\": \"acme-admins\", \"role\": \"admin\"}," + rules + "], \"defaultRoles\": [\"member\"]}}}",
                csrf, "If-Match", "\"1\"");
        long writeMillis = (System.nanoTime() - writeStarted) / 1_000_000;
        if (put.statusCode() != 200) {
            assertThat(writeMillis).as("even refusing took").isLessThan(5_000);
            return; // refused: held
        }
        long parseStarted = System.nanoTime();
        Tenant acme = nodes.backOffice.tenants().find("acme").orElseThrow(); // another node's first use
        long parseMillis = (System.nanoTime() - parseStarted) / 1_000_000;
        List<RoleRule> all = acme.roleMapping().rules();
        String group = "a".repeat(200);
        long started = System.nanoTime();
        for (RoleRule r : all) {
            r.matches(group);
        }
        long oneGroupMillis = (System.nanoTime() - started) / 1_000_000;
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(writeMillis).as("the PUT of " + all.size() + " rules held a request thread (ms)").isLessThan(5_000);
        soft.assertThat(parseMillis).as("parsing the stored tenant on a node (ms)").isLessThan(5_000);
        // A SAML response of 256 KiB carries a thousand such groups: a thousand times this.
        soft.assertThat(oneGroupMillis).as(all.size() + " rules, one group of 200 characters (ms)").isLessThan(50);
        soft.assertAll();
    }

    // --- attacks that should hold ------------------------------------------------------------

    @Test
    void tenantAdminWhenUsingOtherMethodsOrMethodCaseThenTheCsrfTokenIsStillRequired() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String body = "{\"settings\": {\"roles\": {" + CEILING_RULES.replace("member", "staff") + "}}}";
        for (String method : List.of("put", "Put", "PUT", "DELETE", "delete", "POST", "PATCH", "HEAD", "OPTIONS")) {
            HttpResponse<String> r;
            try {
                r = asAdmin(admin, method, "/tenants/acme", body, null, "If-Match", "\"1\"",
                        "X-HTTP-Method-Override", "GET");
            } catch (java.io.IOException | IllegalArgumentException e) {
                continue;
            }
            assertThat(r.statusCode()).as(method + ": " + r.body()).isIn(400, 403, 405, 501);
        }
        assertThat(nodes.backOffice.tenant("acme").orElseThrow().version()).isEqualTo(1);
        // a same-site form post, and text/plain
        String csrf = csrfOf(admin);
        HttpResponse<String> plain = send(admin, "PUT", "/tenants/acme", body, "Content-Type", "text/plain",
                "X-CSRF-Token", csrf, "If-Match", "\"1\"");
        assertThat(plain.statusCode()).isEqualTo(415);
        HttpResponse<String> jsonish = send(admin, "PUT", "/tenants/acme", body, "Content-Type",
                "application/json-patch+json", "X-CSRF-Token", csrf, "If-Match", "\"1\"");
        assertThat(jsonish.statusCode()).isEqualTo(415);
        assertThat(nodes.backOffice.tenant("acme").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void tenantAdminWhenPathsAreSpelledDifferentlyThenNeverAnotherTenant() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        for (String path : List.of("/tenants/GLOBEX", "/tenants/globex/", "/tenants/%67lobex", "/tenants/acme/../globex",
                "/tenants/acme/%2e%2e/globex", "//tenants/globex", "/tenants//globex", "/tenants/globex;x=1",
                "/tenants/globex%3Bx", "/tenants/acme%2Fglobex", "/connections/GLOBEX-SAML", "/connections/globex-saml/",
                "/connections/%67lobex-saml", "/tenants/globex%20", "/tenants/%20globex", "/tenants/globex%09")) {
            HttpResponse<String> r;
            try {
                r = asAdmin(admin, "GET", app.baseUrl + "/sso/admin/api" + path, null, null);
            } catch (IllegalArgumentException e) {
                continue; // the client would not even send it
            }
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("globex.test").doesNotContain("\"settings\"");
        }
        // Case in the mount point
        HttpResponse<String> upper = asAdmin(admin, "GET", app.baseUrl + "/sso/ADMIN/api/tenants/acme", null, null);
        assertThat(upper.body()).doesNotContain("\"settings\"");
    }

    @Test
    void ifMatchWhenSpelledOddlyThenNeverMatchesAStaleVersion() throws Exception {
        for (String value : List.of("W/\"1\"", "\"01\"", "\"1\", \"2\"", "1", "\"1 \"", "\"+1\"", "\"0\"",
                "\"-1\"", "\"999999999999999999\"", "\"1\"\"")) {
            HttpResponse<String> r = backOffice("PUT", "/tenants/acme", "{\"settings\": {\"seatLimit\": 1}}",
                    "If-Match", value);
            assertThat(r.statusCode()).as(value + ": " + r.body()).isIn(412, 428);
        }
        assertThat(nodes.backOffice.tenant("acme").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void connectionWhenItsUrlsNameInternalAddressesInAnySpellingThenRefusedWhenWritten() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (String host : List.of("127.0.0.1", "127.1", "0", "0.0.0.0", "[::1]", "[::]", "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]", "[::7f00:1]", "[0:0:0:0:0:ffff:a9fe:a9fe]", "[64:ff9b::a9fe:a9fe]",
                "[2002:a9fe:a9fe::]", "[::ffff:0:a9fe:a9fe]", "[fd00::1]", "[fe80::1]", "localhost", "LOCALHOST",
                "169.254.169.254", "10.0.0.1", "100.64.0.1", "192.168.0.1", "172.16.0.1", "[64:ff9b:1::a00:1]")) {
            for (String field : List.of("saml\": {\"entityId\": \"https://e\", \"metadataUrl",
                    "oidc\": {\"clientId\": \"x\", \"issuer")) {
                String body = "{\"id\": \"ssrf\", \"settings\": {\"" + field + "\": \"https://" + host + "/x\"}}}";
                HttpResponse<String> r = backOffice("POST", "/tenants/acme/connections", body);
                soft.assertThat(r.statusCode()).as(host + " " + field + ": " + r.body()).isEqualTo(422);
                if (r.statusCode() == 201) {
                    backOffice("DELETE", "/connections/ssrf", null, "If-Match", r.headers().firstValue("ETag").orElseThrow());
                }
            }
            HttpResponse<String> jwks = backOffice("POST", "/tenants/acme/connections", "{\"id\": \"ssrf\", \"settings\":"
                    + " {\"oidc\": {\"clientId\": \"x\", \"issuer\": \"https://login.example\", \"jwksUri\": \"https://"
                    + host + "/k\", \"tokenEndpoint\": \"https://" + host + "/t\"}}}");
            soft.assertThat(jwks.statusCode()).as(host + " jwks: " + jwks.body()).isEqualTo(422);
            if (jwks.statusCode() == 201) {
                backOffice("DELETE", "/connections/ssrf", null, "If-Match", jwks.headers().firstValue("ETag").orElseThrow());
            }
        }
        soft.assertAll();
    }

    @Test
    void bodyWhenDeepWideOrNumericallyHostileThenAProblemNeverA500() throws Exception {
        List<String> bodies = List.of(
                "{\"id\": \"deep\", \"settings\": {\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}}",
                "{\"id\": \"deep2\", \"settings\": " + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}",
                "{\"id\": \"wide\", \"settings\": {\"x\": [" + "0,".repeat(200_000) + "0]}}",
                "{\"id\": \"num\", \"settings\": {\"seatLimit\": 1" + "0".repeat(5000) + "}}",
                "{\"id\": \"num2\", \"settings\": {\"seatLimit\": 1e999999}}",
                "{\"id\": \"num3\", \"settings\": {\"seatLimit\": -1}}",
                "{\"id\": \"str\", \"settings\": {\"requiredGroups\": [\"\\ud800\"]}}",
                "{\"id\": \"nul\", \"settings\": {\"requiredGroups\": [\"a\\u0000b\"]}}",
                "{\"id\": \"n\\u0000ul\", \"settings\": {}}",
                "{\"id\": \"" + "x".repeat(300) + "\", \"settings\": {}}",
                "{\"id\": \"dup\", \"settings\": {\"jit\": true, \"jit\": false}}",
                "\ufeff{\"id\": \"bom\", \"settings\": {}}",
                "{\"id\": \"tail\", \"settings\": {}} {\"id\": \"x\"}",
                "{\"id\": \"comm\", /* c */ \"settings\": {}}",
                "{'id': 'single', 'settings': {}}");
        SoftAssertions soft = new SoftAssertions();
        for (String body : bodies) {
            HttpResponse<String> r = backOffice("POST", "/tenants", body);
            soft.assertThat(r.statusCode()).as(body.substring(0, Math.min(80, body.length())) + ": "
                    + r.body().substring(0, Math.min(300, r.body().length()))).isBetween(400, 499);
            soft.assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.jitprov").doesNotContain("at com.");
        }
        soft.assertThat(nodes.backOffice.listTenants(null, 10)).extracting(e -> e.id()).containsExactly("acme", "globex");
        soft.assertAll();
    }

    @Test
    void secretWhenTheDocumentIsOtherwiseWrongThenNeitherProblemNorAuditNorReadEchoesIt() throws Exception {
        String secret = "S3cr3t-" + UUID.randomUUID();
        List<String> settings = List.of(
                "{\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"x\", \"clientSecret\": \"" + secret
                        + "\", \"bogus\": 1}}",
                "{\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"x\", \"clientSecret\": [\"" + secret
                        + "\"]}}",
                "{\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"x\", \"clientSecret\": {\"sealed\":"
                        + " \"" + secret + "\"}}}",
                "{\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"x\", \"clientSecret\": {\"value\":"
                        + " \"" + secret + "\"}}}",
                "{\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"x\", \"clientSecret\": 1234567891234}}");
        SoftAssertions soft = new SoftAssertions();
        for (String s : settings) {
            HttpResponse<String> r = backOffice("POST", "/tenants/acme/connections", "{\"id\": \"sec\", \"settings\": "
                    + s + "}");
            soft.assertThat(r.body()).as(s).doesNotContain(secret.substring(7)).doesNotContain("1234567891234");
        }
        soft.assertAll();
        HttpResponse<String> ok = backOffice("POST", "/tenants/acme/connections", "{\"id\": \"sec\", \"settings\": "
                + "{\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"x\", \"clientSecret\": \"" + secret
                + "\"}}}");
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(ok.body()).doesNotContain(secret).doesNotContain("aes-gcm");
        try (Connection c = nodes.pool.getConnection(); Statement st = c.createStatement();
                ResultSet rows = st.executeQuery("SELECT * FROM " + nodes.prefix() + "audit_event")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    assertThat(String.valueOf(rows.getObject(i))).doesNotContain(secret).doesNotContain("aes-gcm");
                }
            }
        }
    }

    @Test
    void sealedSecretWhenCopiedIntoAnotherConnectionThenItDoesNotOpenThere() throws Exception {
        backOffice("POST", "/tenants/globex/connections", "{\"id\": \"globex-oidc\", \"settings\": {\"oidc\": {\"issuer\":"
                + " \"https://login.globex.test\", \"clientId\": \"x\", \"clientSecret\": \"globex-secret\"}}}");
        String stored = nodes.backOffice.connection("globex-oidc").orElseThrow().document();
        JsonNode sealed = JSON.readTree(stored).path("oidc").path("clientSecret");
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        HttpResponse<String> copy = asAdmin(admin, "POST", "/tenants/acme/connections", "{\"id\": \"stolen\","
                + " \"settings\": {\"oidc\": {\"issuer\": \"https://login.stolen.test\", \"clientId\": \"x\","
                + " \"clientSecret\": " + sealed + "}}}", csrfOf(admin));
        assertThat(copy.statusCode()).as(copy.body()).isEqualTo(422);
    }

    @Test
    void nonAdminOrAnonymousWhenCallingThenNothingAboutAnyTenantIsShown() throws Exception {
        TestApp member = signedInAtAcme(app, "dave@acme.test", List.of("acme-staff"));
        TestApp anonymous = app.other();
        for (TestApp who : List.of(member, anonymous)) {
            for (String path : List.of("/tenants/acme", "/tenants/globex", "/tenants/nobody", "/connections/acme-saml",
                    "/connections/nobody", "/tenants/acme/domains")) {
                HttpResponse<String> r = asAdmin(who, "GET", path, null, null);
                assertThat(r.statusCode()).as(path).isIn(401, 403);
            }
            HttpResponse<String> a = asAdmin(who, "GET", "/tenants/acme", null, null);
            HttpResponse<String> b = asAdmin(who, "GET", "/tenants/nobody", null, null);
            assertThat(a.body()).isEqualTo(b.body());
        }
    }

    @Test
    void tenantAdminWhenReleasingOrVerifyingAnotherTenantsDomainThroughTheirOwnTenantThenNothingHappens()
            throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);
        HttpResponse<String> release = asAdmin(admin, "DELETE", "/tenants/acme/domains/globex.test", null, csrf);
        HttpResponse<String> releaseOther = asAdmin(admin, "DELETE", "/tenants/globex/domains/globex.test", null, csrf);
        HttpResponse<String> claim = asAdmin(admin, "POST", "/tenants/acme/domains", "{\"domain\": \"sub.globex.test\","
                + " \"includeSubdomains\": true}", csrf);
        assertThat(releaseOther.statusCode()).isEqualTo(404);
        assertThat(release.statusCode()).isIn(204, 404);
        assertThat(nodes.backOffice.domains().tenantFor("globex.test")).contains("globex");
        assertThat(claim.statusCode()).as(claim.body()).isIn(201, 409);
        assertThat(nodes.backOffice.domains().tenantFor("sub.globex.test")).isEmpty();
    }
}
