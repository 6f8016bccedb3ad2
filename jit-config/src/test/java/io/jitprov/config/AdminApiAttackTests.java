package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admin API attacked over HTTP, in a real Jetty on H2: who may call (token, tenant admin,
 * anyone else), CSRF, versions, hostile and oversized bodies, substitution between tenants,
 * paths that try to escape, and secrets that must never come back out.
 */
class AdminApiAttackTests extends AdminApiTestBase {

    @Test
    void callWhenTheTokenIsMissingWrongOrOfAnotherSchemeThen401AndNothingIsRead() throws Exception {
        for (String[] headers : new String[][] {{}, {"Authorization", "Bearer wrong"},
            {"Authorization", "Basic " + RegistryTestNodes.TOKEN}, {"Authorization", "Bearer " + RegistryTestNodes.TOKEN + "x"},
            {"Authorization", "Bearer " + "x".repeat(5000)}, {"Authorization", "Bearer "},
            {"Authorization", "Bearer " + JitAdminApi.hashToken(RegistryTestNodes.TOKEN)}}) {
            HttpResponse<String> refused = send("GET", "/tenants", null, headers);
            assertProblem(refused, 401, "unauthenticated");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"jit-admin\"");
            assertThat(refused.body()).doesNotContain("acme").doesNotContain("globex");
        }
    }

    @Test
    void headersAFirewallWillNotHandOverAreBadRequestsAndNothingIsWritten() throws Exception {
        String version = backOffice("GET", "/tenants/acme", null).headers().firstValue("ETag").orElseThrow();
        assertProblem(send("GET", "/tenants", null, "Authorization", TestApp.DISTRUSTED), 400, "invalid_request");
        assertProblem(backOffice("PUT", "/tenants/acme", "{\"settings\": {\"seatLimit\": 6}}", "If-Match",
                TestApp.DISTRUSTED), 400, "invalid_request");
        TestApp admin = signedInAtAcme(app, "alice@acme.test", List.of("acme-admins"));
        HttpResponse<String> forged = asAdmin(admin, "PUT", "/tenants/acme", "{\"settings\": {\"seatLimit\": 7}}",
                TestApp.DISTRUSTED, "If-Match", version);
        assertProblem(forged, 400, "invalid_request");
        assertThat(forged.body()).doesNotContain("untrusted").doesNotContain("reference");

        assertThat(backOffice("GET", "/tenants/acme", null).headers().firstValue("ETag")).as("nothing written")
                .hasValue(version);
    }

    @Test
    void tenantWhenCreatedReadUpdatedAndDeletedThenVersionsGuardEveryChange() throws Exception {
        HttpResponse<String> created = backOffice("POST", "/tenants", "{\"id\": \"initech\", \"settings\": {\"seatLimit\": 5}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(created.headers().firstValue("Location")).hasValue("/sso/admin/api/tenants/initech");

        HttpResponse<String> read = backOffice("GET", "/tenants/initech", null);
        assertThat(json(read).path("settings").path("seatLimit").asInt()).isEqualTo(5);

        assertProblem(backOffice("PUT", "/tenants/initech", "{\"settings\": {\"seatLimit\": 6}}"), 428,
                "precondition_required");
        HttpResponse<String> updated = backOffice("PUT", "/tenants/initech", "{\"settings\": {\"seatLimit\": 6}}",
                "If-Match", "\"1\"");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).hasValue("\"2\"");
        assertProblem(backOffice("PUT", "/tenants/initech", "{\"settings\": {\"seatLimit\": 99}}", "If-Match", "\"1\""),
                412, "version_mismatch");
        assertProblem(backOffice("PUT", "/tenants/initech", "{\"settings\": {\"seatLimit\": 99}}", "If-Match", "*"),
                412, "version_mismatch");
        assertThat(json(backOffice("GET", "/tenants/initech", null)).path("settings").path("seatLimit").asInt())
                .as("the stale write stored nothing").isEqualTo(6);

        assertThat(backOffice("DELETE", "/tenants/initech", null, "If-Match", "\"2\"").statusCode()).isEqualTo(204);
        assertProblem(backOffice("GET", "/tenants/initech", null), 404, "not_found");
    }

    @Test
    void writeWhenTheBodyIsHostileThenAProblemDocumentNamesEveryProblemAndNothingIsStored() throws Exception {
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + IdpSide.metadata().replaceFirst("<\\?xml[^>]*\\?>", "");
        HttpResponse<String> many = backOffice("POST", "/tenants", "{\"id\": \"hostile\", \"settings\": {\"seatLimt\": 5,"
                + " \"roles\": {\"rules\": [{\"regex\": \"(.*a){12}\", \"role\": \"admin\"}, {\"regex\": \"x(\","
                + " \"role\": \"admin\"}]}, \"domains\": [\"evil.test\"]}}");
        assertProblem(many, 422, "invalid_document");
        assertThat(json(many).path("errors")).extracting(e -> e.path("path").asText())
                .contains("seatLimt", "roles.rules[0]", "roles.rules[1].regex", "domains");

        assertProblem(backOffice("POST", "/tenants/acme/connections", "{\"id\": \"c1\", \"settings\": "
                + RegistryTestNodes.saml(doctype) + "}"), 422, "invalid_document");
        assertProblem(backOffice("POST", "/tenants/acme/connections", "{\"id\": \"c2\", \"settings\": {\"saml\":"
                + " {\"metadataUrl\": \"https://[::ffff:169.254.169.254]/x\", \"entityId\": \"e\"}}}"), 422,
                "invalid_document");
        assertProblem(backOffice("POST", "/tenants", "{\"id\": \"x\", \"id\": \"y\", \"settings\": {}}"), 422,
                "invalid_document");
        assertProblem(backOffice("POST", "/tenants", "{\"id\": \"x\", \"settings\": {}, \"admin\": true}"), 422,
                "invalid_document");
        assertProblem(backOffice("POST", "/tenants", "{\"id\": \"x\", \"settings\": "), 400, "invalid_json");
        assertProblem(backOffice("POST", "/tenants", "[1, 2]"), 400, "invalid_json");
        assertProblem(backOffice("POST", "/tenants", "{\"id\": \"bad\\r\\nid\", \"settings\": {}}"), 400,
                "invalid_request");
        assertProblem(send("POST", "/tenants", "id=x", "Authorization", "Bearer " + RegistryTestNodes.TOKEN,
                "Content-Type", "application/x-www-form-urlencoded"), 415, "unsupported_media_type");

        // Last, on a connection of its own: the server answers before reading such a body, and closes.
        HttpResponse<String> big = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(api + "/tenants")).header("Authorization", "Bearer " + RegistryTestNodes.TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\": \"big\", \"settings\": {\"x\": \"" + "a".repeat(1_200_000) + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(big, 413, "body_too_large");

        assertThat(json(backOffice("GET", "/tenants", null)).path("items")).extracting(t -> t.path("id").asText())
                .containsExactly("acme", "globex");
        assertThat(nodes.backOffice.connectionsOf("acme")).hasSize(1);
    }

    @Test
    void domainWhenConsumerOrAnotherTenantsThenRefusedWithItsCode() throws Exception {
        assertProblem(backOffice("POST", "/tenants/acme/domains", "{\"domain\": \"gmail.com\", \"verified\": true}"),
                422, "domain_not_allowed");
        assertProblem(backOffice("POST", "/tenants/acme/domains", "{\"domain\": \"mail.GMAIL.com.\"}"), 422,
                "domain_not_allowed");
        assertProblem(backOffice("POST", "/tenants/acme/domains", "{\"domain\": \"globex.test\", \"verified\": true}"),
                409, "domain_already_claimed");
        HttpResponse<String> pending = backOffice("POST", "/tenants/acme/domains", "{\"domain\": \"acme.example\"}");
        assertThat(pending.statusCode()).isEqualTo(201);
        assertThat(json(pending).path("txtRecord").path("name").asText()).isEqualTo("_jit-verification.acme.example");
        assertThat(nodes.backOffice.domains().tenantFor("globex.test")).contains("globex");
    }

    @Test
    void connectionWhenItHasAClientSecretThenTheSecretNeverComesBackAndAPutKeepsIt() throws Exception {
        String oidc = "{\"oidc\": {\"issuer\": \"https://login.acme.test\", \"clientId\": \"app\","
                + " \"clientSecret\": \"s3cr3t-value\"}}";
        HttpResponse<String> created = backOffice("POST", "/tenants/acme/connections", "{\"id\": \"acme-oidc\","
                + " \"settings\": " + oidc + "}");
        assertThat(created.statusCode()).isEqualTo(201);

        HttpResponse<String> read = backOffice("GET", "/connections/acme-oidc", null);
        assertThat(read.body()).doesNotContain("s3cr3t").doesNotContain("aes-gcm").contains("\"set\":true");
        assertThat(json(read).path("protocol").asText()).isEqualTo("oidc");
        String settings = json(read).path("settings").toString();
        String roundTrip = "{\"settings\": " + settings.replace("\"clientId\":\"app\"",
                "\"clientId\":\"app\",\"groupsClaim\":\"teams\"") + "}";
        assertThat(backOffice("PUT", "/connections/acme-oidc", roundTrip, "If-Match", "\"1\"").statusCode()).isEqualTo(200);
        assertThat(nodes.backOffice.connection("acme-oidc").orElseThrow().document()).contains("aes-gcm:k1:")
                .contains("teams");
        assertProblem(backOffice("PUT", "/connections/acme-oidc", "{\"settings\": " + settings.replace("\"app\"",
                "\"other-client\"") + "}", "If-Match", "\"2\""), 422, "invalid_document");
        assertThat(backOffice("GET", "/tenants/acme/connections", null).body()).doesNotContain("aes-gcm");
    }

    @Test
    void tenantAdminWhenChangingTheirOwnTenantWithTheTokenThenWithinTheirPowersOnly() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);
        String rules = "\"rules\": [{\"group\": \"acme-admins\", \"role\": \"admin\"}], \"defaultRoles\": [\"member\"]";

        HttpResponse<String> changed = asAdmin(admin, "PUT", api + "/tenants/acme", "{\"settings\": {\"roles\": {"
                + rules + "}, \"requiredGroups\": [\"acme-admins\"]}}", csrf, "If-Match", "\"1\"");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertProblem(asAdmin(admin, "PUT", api + "/tenants/acme", "{\"settings\": {\"roles\": {" + rules
                + ", \"allowedRoles\": [\"admin\", \"owner\"]}}}", csrf, "If-Match", "\"2\""), 403, "forbidden");
        assertProblem(asAdmin(admin, "PUT", api + "/tenants/acme", "{\"settings\": {\"roles\": {" + rules
                + "}, \"seatLimit\": 100000}}", csrf, "If-Match", "\"2\""), 403, "forbidden");
        assertProblem(asAdmin(admin, "POST", api + "/tenants", "{\"id\": \"mine\", \"settings\": {}}", csrf), 403,
                "forbidden");
        assertProblem(asAdmin(admin, "POST", api + "/tenants/acme/domains", "{\"domain\": \"acme.example\","
                + " \"verified\": true}", csrf), 403, "forbidden");
        assertProblem(asAdmin(admin, "PUT", api + "/tenants/globex", "{\"settings\": {}}", csrf, "If-Match", "\"1\""),
                404, "not_found");
        assertThat(asAdmin(admin, "POST", api + "/tenants/acme/domains", "{\"domain\": \"acme.example\"}", csrf)
                .statusCode()).isEqualTo(201);

        assertThat(nodes.backOffice.tenant("acme").orElseThrow().version()).isEqualTo(2);
        assertThat(nodes.backOffice.tenant("globex").orElseThrow().version()).isEqualTo(1);
        try (Connection c = nodes.pool.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT actor FROM " + nodes.prefix()
                        + "audit_event WHERE action = 'registry.update' AND resource = 'tenant:acme'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).as("the admin's account").isNotBlank().doesNotStartWith("api-token:");
        }
    }

    @Test
    void tenantAdminWhenReachingForSetupLinksOrAnotherTenantsHealthThenRefused() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String csrf = csrfOf(admin);
        String issued = json(backOffice("POST", "/tenants/acme/setup-links", "{}")).path("id").asText();

        assertProblem(asAdmin(admin, "POST", api + "/tenants/acme/setup-links", "{}", csrf), 403, "forbidden");
        assertProblem(asAdmin(admin, "GET", api + "/tenants/acme/setup-links", null, null), 403, "forbidden");
        assertProblem(asAdmin(admin, "DELETE", api + "/setup-links/" + issued, null, csrf), 403, "forbidden");
        assertProblem(asAdmin(admin, "GET", api + "/connections/globex-saml/health", null, null), 404, "not_found");
        HttpResponse<String> own = asAdmin(admin, "GET", api + "/connections/acme-saml/health", null, null);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(json(own).path("tenantId").asText()).isEqualTo("acme");
        assertThat(nodes.backOffice.setupLinksOf("acme")).extracting(SetupLink::id).containsExactly(issued);
        assertProblem(backOffice("POST", "/tenants/acme/setup-links", "{\"validDays\": \"7\"}"), 422,
                "invalid_document");
        assertProblem(backOffice("DELETE", "/setup-links/nope", null), 404, "entry_not_found");
    }

    @Test
    void tenantAdminWhenReachingForAnotherTenantThenItDoesNotExistForThem() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));

        HttpResponse<String> own = asAdmin(admin, "GET", api + "/tenants/acme", null, null);
        assertThat(own.statusCode()).isEqualTo(200);
        for (String path : List.of("/tenants/globex", "/connections/globex-saml", "/tenants/globex/connections",
                "/tenants/globex/domains", "/tenants/nobody")) {
            assertProblem(asAdmin(admin, "GET", api + path, null, null), 404, "not_found");
        }
        assertProblem(asAdmin(admin, "GET", api + "/tenants", null, null), 403, "forbidden");
        assertThat(asAdmin(admin, "GET", api + "/tenants/acme/connections", null, null).body())
                .doesNotContain("globex");
    }

    @Test
    void tenantAdminWhenChangingWithoutTheCsrfTokenOrAboveTheirPowersThenRefusedAndNothingChanges() throws Exception {
        TestApp admin = signedInAtAcme(app, "carol@acme.test", List.of("acme-admins"));
        String settings = "{\"settings\": {\"roles\": {\"rules\": [{\"group\": \"acme-admins\", \"role\": \"admin\"}],"
                + " \"defaultRoles\": [\"member\"]}, \"requiredGroups\": [\"staff\"]}}";

        assertProblem(asAdmin(admin, "PUT", api + "/tenants/acme", settings, null, "If-Match", "\"1\""), 403, "forbidden");
        assertProblem(asAdmin(admin, "PUT", api + "/tenants/acme", settings, "guessed", "If-Match", "\"1\""), 403,
                "forbidden");
        assertProblem(asAdmin(admin, "DELETE", api + "/connections/acme-saml", null, "guessed", "If-Match", "\"1\""),
                403, "forbidden");
        assertThat(nodes.backOffice.tenant("acme").orElseThrow().version()).isEqualTo(1);
        assertThat(nodes.backOffice.connection("acme-saml")).isPresent();
    }

    @Test
    void signedInWhenNotAnAdminThenForbiddenEvenToRead() throws Exception {
        TestApp member = signedInAtAcme(app, "carol@acme.test", List.of("acme-staff"));

        assertProblem(asAdmin(member, "GET", api + "/tenants/acme", null, null), 403, "forbidden");
    }

    @Test
    void pathWhenItTriesToEscapeOrSmuggleThenRefusedBeforeAnyResource() throws Exception {
        assertProblem(backOffice("PATCH", "/tenants/acme", "{}"), 405, "method_not_allowed");
        assertThat(backOffice("PATCH", "/tenants/acme", "{}").headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
        for (String path : List.of("/tenants/..%2Ftenants", "/tenants;jsessionid=x", "/tenants/%2e%2e/connections",
                "/../admin/api/tenants", "/tenants/acme%00")) {
            HttpResponse<String> response;
            try {
                response = backOffice("GET", api + path, null);
            } catch (java.io.IOException e) {
                continue; // Jetty closed the connection on it (a NUL): nothing was served
            }
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.body()).as(path).doesNotContain("\"settings\"");
        }
    }

    @Test
    void changeWhenMadeThroughTheApiThenAuditedWithActorResourceAndChangedSettingsNeverValues() throws Exception {
        backOffice("PUT", "/tenants/acme", "{\"settings\": {\"roles\": {\"rules\": [{\"group\": \"acme-admins\","
                + " \"role\": \"admin\"}], \"defaultRoles\": [\"member\"]}, \"seatLimit\": 50}}", "If-Match", "\"1\"");

        try (Connection c = nodes.pool.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT actor, resource, changes FROM " + nodes.prefix()
                        + "audit_event WHERE action = 'registry.update'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("api-token:backoffice");
            assertThat(rows.getString(2)).isEqualTo("tenant:acme");
            assertThat(rows.getString(3)).isEqualTo("seatLimit");
        }
    }

    @Test
    void scimWhenATenantsTokenIsGivenThroughTheApiThenItsEndpointAnswersThatTokenAndOnlyItsHashIsKept()
            throws Exception {
        String token = "scim-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        HttpResponse<String> put = backOffice("PUT", "/tenants/acme", "{\"settings\": {\"roles\": {\"rules\":"
                + " [{\"group\": \"acme-admins\", \"role\": \"admin\"}], \"defaultRoles\": [\"member\"]},"
                + " \"scim\": {\"token\": \"" + token + "\", \"onDelete\": \"disable\"}}}", "If-Match", "\"1\"");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).doesNotContain(token).contains(JitAdminApi.hashToken(token));
        assertThat(nodes.backOffice.tenant("acme").orElseThrow().document()).doesNotContain(token);
        assertProblem(backOffice("PUT", "/tenants/acme", "{\"settings\": {\"scim\": {\"token\": \"short\"}}}",
                "If-Match", "\"2\""), 422, "invalid_document");

        HttpResponse<String> users = send("GET", app.baseUrl + "/sso/scim/acme/v2/Users", null,
                "Authorization", "Bearer " + token, "Accept", "application/scim+json");
        assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        assertThat(send("GET", app.baseUrl + "/sso/scim/acme/v2/Users", null, "Authorization", "Bearer " + token + "x")
                .statusCode()).isEqualTo(401);
        assertThat(send("GET", app.baseUrl + "/sso/scim/globex/v2/Users", null, "Authorization", "Bearer " + token)
                .statusCode()).as("another tenant's endpoint").isEqualTo(401);
    }

    @Test
    void putWhenTwoBackOfficeCallsChangeTheSameVersionAtOnceThenOneGets200AndTheOther412() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int seats : new int[] {10, 20}) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return backOffice("PUT", "/tenants/globex", "{\"settings\": {\"seatLimit\": " + seats + "}}",
                            "If-Match", "\"1\"").statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> answer : answers) {
                statuses.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }

            assertThat(statuses).containsExactlyInAnyOrder(200, 412);
            assertThat(nodes.backOffice.tenant("globex").orElseThrow().version()).isEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }
}
