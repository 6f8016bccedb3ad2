package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterElevationTests.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.Account;
import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.ElevationRequest;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Deprovisioner;
import io.jitprov.core.provisioning.Preprovisioner;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SCIM 2.0 Users endpoint of a running filter, driven the way Okta and Entra ID drive it. */
class JitFilterScimTests {

    private final Observed observed = new Observed();

    private static final String ACME_TOKEN = "acme-scim-token-0123456789abcdefghijklmn";
    private static final String GLOBEX_TOKEN = "globex-scim-token-0123456789abcdefghijkl";
    private static final String USERS = "/sso/scim/acme/v2/Users";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryUserStore accounts = new InMemoryUserStore();
    private final InMemoryGrantStore grants = new InMemoryGrantStore();
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private Elevation elevation;
    private TestApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private TestApp start(ScimProvisioning.OnDelete onDelete) throws Exception {
        app = new TestApp(baseUrl -> login(baseUrl, onDelete));
        return app;
    }

    private JitLogin login(String baseUrl, ScimProvisioning.OnDelete onDelete) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers(IdpSide.IDP)
                .roleMapping(RoleMapping.builder().rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member").build())
                .elevation(ElevationRule.forRole("support").eligibleGroups("acme-eng").build())
                .build();
        Tenant globex = Tenant.withId("globex").trustedIssuers("https://login.globex.test").build();
        TenantDirectory tenants = TenantDirectory.of(acme, globex);
        AuditSink sink = audit::add;
        SamlServiceProvider sp = SamlServiceProvider.withEntityId(baseUrl + "/sso/saml").acsUrl(baseUrl + "/sso/saml/acs")
                .build();
        SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(IdpSide.metadata())
                .emailsVerified(true).groupAttributes("memberOf").wantAuthnRequestsSigned(false).build());
        elevation = Elevation.builder().tenants(tenants).userStore(accounts).grantStore(grants).auditSink(sink).build();
        ScimProvisioning scim = ScimProvisioning.builder()
                .preprovisioner(Preprovisioner.builder().tenants(tenants).userStore(accounts).auditSink(sink).build())
                .deprovisioner(Deprovisioner.builder().userStore(accounts).elevation(elevation).auditSink(sink).build())
                .userStore(accounts)
                .tenant("acme", IdpSide.IDP, onDelete, ACME_TOKEN)
                .tenant("globex", "https://login.globex.test", GLOBEX_TOKEN)
                .build();
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, tenants))
                        .userStore(accounts).auditSink(sink).build())
                .userStore(accounts).elevation(elevation).scim(scim).observer(observed)
                .saml(sp, idps, SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build())
                .route("acme", IdpRoute.saml(IdpSide.IDP))
                .protectedPaths("/app/")
                .build();
    }

    private HttpResponse<String> scim(String method, String path, @Nullable String token, @Nullable String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl + path))
                .header("Accept", "application/scim+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return app.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/scim+json");
        return JSON.readTree(response.body());
    }

    private static String user(String userName, String email, boolean active) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Alice","familyName":"Liddell"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"Alice Liddell",
                 "active":%s,"groups":[],"externalId":"00u1abc"}""".formatted(userName, email, active);
    }

    private String create(String userName, String email) throws Exception {
        return ok(scim("POST", USERS, ACME_TOKEN, user(userName, email, true)), 201).get("id").asText();
    }

    @Test
    void oktaCreatesAheadOfLoginTheLoginFindsThatAccountAndDeactivationEndsItsAccessAtOnce() throws Exception {
        start(ScimProvisioning.OnDelete.DISABLE);
        JsonNode created = ok(scim("POST", USERS, ACME_TOKEN, user("alice@acme.test", "Alice@acme.test", true)), 201);
        String id = created.get("id").asText();
        assertThat(created.get("userName").asText()).isEqualTo("alice@acme.test");
        assertThat(created.get("emails").get(0).get("value").asText()).isEqualTo("alice@acme.test");
        assertThat(created.at("/meta/location").asText()).isEqualTo(app.baseUrl + USERS + "/" + id);

        JsonNode found = ok(scim("GET", USERS + "?filter=" + JitFilterSamlTests.enc("userName eq \"alice@acme.test\""),
                ACME_TOKEN, null), 200);
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.get("Resources").get(0).get("id").asText()).isEqualTo(id);

        signIn(app, "alice@acme.test", "alice@acme.test", List.of("acme-eng"), "urn:acme:password");
        assertThat(app.get("/app/").body()).contains("user=alice@acme.test");
        assertThat(accounts.list("acme", null, 10)).singleElement().extracting(Account::id).isEqualTo(id);
        elevation.request(new ElevationRequest(id, "support", null, null, null, AuthenticationContext.unknown(), null));
        assertThat(grants.findOpenByAccount(id)).hasSize(1);

        JsonNode deactivated = ok(scim("PATCH", USERS + "/" + id, ACME_TOKEN, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}"""), 200);

        assertThat(deactivated.get("active").asBoolean()).isFalse();
        assertThat(app.get("/app/").statusCode()).isEqualTo(302); // signed out: back to the login
        assertThat(grants.findOpenByAccount(id)).isEmpty();
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.ACCOUNT_DISABLE);
            assertThat(e.actor()).isEqualTo(AuditActor.directory("acme"));
            assertThat(e.code()).isEqualTo(JitErrorCodes.DEPROVISIONED);
        });
        signIn(app, "alice@acme.test", "alice@acme.test", List.of("acme-eng"), "urn:acme:password");
        assertThat(app.get("/app/").statusCode()).isEqualTo(302); // the disabled account cannot sign in again
        assertThat(observed.scim).containsSubsequence("POST 201", "GET 200", "PATCH 200");
        assertThat(observed.signIns).extracting(JitObserver.SignIn::outcome, JitObserver.SignIn::code,
                JitObserver.SignIn::tenantId).containsExactly(org.assertj.core.groups.Tuple.tuple("updated", null, "acme"),
                org.assertj.core.groups.Tuple.tuple("refused", JitErrorCodes.ACCOUNT_DISABLED, "acme"));
        assertThat(observed.signIns).allSatisfy(signIn -> {
            assertThat(signIn.protocol()).isEqualTo(IdpRoute.Protocol.SAML);
            assertThat(signIn.verification()).isPositive();
        });
    }

    /** What the filter told its observer. */
    private static final class Observed implements JitObserver {
        final List<JitObserver.SignIn> signIns = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> scim = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void signIn(JitObserver.SignIn signIn) {
            signIns.add(signIn);
        }

        @Override
        public void scimRequest(String method, int status) {
            scim.add(method + " " + status);
        }
    }

    @Test
    void entraPatchesWithPathsAndStringBooleansAndDeleteDisablesByDefault() throws Exception {
        start(ScimProvisioning.OnDelete.DISABLE);
        String id = create("alice@acme.test", "alice@acme.test");

        JsonNode renamed = ok(scim("PATCH", USERS + "/" + id, ACME_TOKEN, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"Replace","path":"name.givenName","value":"Alicia"},
                 {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"alicia@acme.test"},
                 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"},
                 {"op":"Replace","path":"active","value":"False"}]}"""), 200);
        assertThat(renamed.at("/name/givenName").asText()).isEqualTo("Alicia");
        assertThat(renamed.at("/emails/0/value").asText()).isEqualTo("alicia@acme.test");
        assertThat(renamed.at("/name/familyName").asText()).isEqualTo("Liddell");
        assertThat(renamed.get("active").asBoolean()).isFalse();

        JsonNode back = ok(scim("PATCH", USERS + "/" + id, ACME_TOKEN, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"True"}]}"""), 200);
        assertThat(back.get("active").asBoolean()).isTrue();

        assertThat(scim("DELETE", USERS + "/" + id, ACME_TOKEN, null).statusCode()).isEqualTo(204);
        assertThat(accounts.findById(id).orElseThrow().active()).isFalse();
        assertThat(ok(scim("GET", USERS + "/" + id, ACME_TOKEN, null), 200).get("active").asBoolean()).isFalse();
    }

    @Test
    void deleteCanDeleteAndThenTheUserIsGone() throws Exception {
        start(ScimProvisioning.OnDelete.DELETE);
        String id = create("alice@acme.test", "alice@acme.test");

        assertThat(scim("DELETE", USERS + "/" + id, ACME_TOKEN, null).statusCode()).isEqualTo(204);

        assertThat(ok(scim("GET", USERS + "/" + id, ACME_TOKEN, null), 404).get("status").asText()).isEqualTo("404");
        assertThat(accounts.findById(id)).isEmpty();
        assertThat(audit).anySatisfy(e -> assertThat(e.action()).isEqualTo(AuditAction.ACCOUNT_DELETE));
    }

    @Test
    void putReplacesAttributesButNeverRevivesADisabledAccount() throws Exception {
        start(ScimProvisioning.OnDelete.DISABLE);
        String id = create("alice@acme.test", "alice@acme.test");
        ok(scim("PUT", USERS + "/" + id, ACME_TOKEN, user("alice@acme.test", "alice@acme.test", false)), 200);

        JsonNode put = ok(scim("PUT", USERS + "/" + id, ACME_TOKEN, user("alice.l@acme.test", "alice.l@acme.test", true)),
                200);

        assertThat(put.get("userName").asText()).isEqualTo("alice.l@acme.test");
        assertThat(put.get("active").asBoolean()).isFalse();
        assertThat(accounts.findByIdentity("acme", IdpSide.IDP, "alice.l@acme.test")).isPresent();
    }

    @Test
    void eachTenantsTokenOpensOnlyItsOwnEndpoint() throws Exception {
        start(ScimProvisioning.OnDelete.DISABLE);
        String id = create("alice@acme.test", "alice@acme.test");

        HttpResponse<String> none = scim("GET", USERS, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
        assertThat(scim("GET", USERS, ACME_TOKEN + "x", null).statusCode()).isEqualTo(401);
        assertThat(scim("GET", USERS, GLOBEX_TOKEN, null).statusCode()).isEqualTo(401);
        assertThat(scim("GET", "/sso/scim/initech/v2/Users", ACME_TOKEN, null).statusCode()).isEqualTo(401);
        // globex's token cannot reach acme's account through globex's own endpoint either
        assertThat(scim("GET", "/sso/scim/globex/v2/Users/" + id, GLOBEX_TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(scim("PATCH", "/sso/scim/globex/v2/Users/" + id, GLOBEX_TOKEN, """
                {"Operations":[{"op":"replace","path":"active","value":false}]}""").statusCode()).isEqualTo(404);
        assertThat(accounts.findById(id).orElseThrow().active()).isTrue();
    }

    @Test
    void badRequestsGetScimErrorsAndChangeNothing() throws Exception {
        start(ScimProvisioning.OnDelete.DISABLE);
        create("alice@acme.test", "alice@acme.test");

        assertThat(ok(scim("POST", USERS, ACME_TOKEN, "{\"userName\":"), 400).get("scimType").asText())
                .isEqualTo("invalidSyntax");
        assertThat(ok(scim("POST", USERS, ACME_TOKEN, "{\"emails\":[]}"), 400).get("scimType").asText())
                .isEqualTo("invalidValue");
        assertThat(ok(scim("POST", USERS, ACME_TOKEN, user("bob@acme.test", "not-an-email", true)), 400)
                .get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(ok(scim("POST", USERS, ACME_TOKEN, user("alice@acme.test", "alice@acme.test", true)), 409)
                .get("scimType").asText()).isEqualTo("uniqueness");
        assertThat(ok(scim("GET", USERS + "?filter=" + JitFilterSamlTests.enc("emails co \"acme\""), ACME_TOKEN, null),
                400).get("scimType").asText()).isEqualTo("invalidFilter");
        assertThat(ok(scim("PATCH", USERS + "/" + accounts.list("acme", null, 1).get(0).id(), ACME_TOKEN,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"emails[value co \\\"x\\\"].display\",\"value\":1}]}"),
                400).get("scimType").asText()).isEqualTo("invalidPath");
        assertThat(scim("POST", USERS, ACME_TOKEN, "{\"userName\":\"" + "x".repeat(70_000) + "\"}").statusCode())
                .isEqualTo(413);
        assertThat(ok(scim("GET", USERS + "/no-such-id", ACME_TOKEN, null), 404).get("schemas").get(0).asText())
                .isEqualTo(ScimJson.ERROR_SCHEMA);
        assertThat(accounts.list("acme", null, 10)).hasSize(1);
    }

    @Test
    void listsPageThroughTheTenantAndTheServiceProviderConfigSaysWhatIsSupported() throws Exception {
        start(ScimProvisioning.OnDelete.DISABLE);
        create("a@acme.test", "a@acme.test");
        create("b@acme.test", "b@acme.test");
        create("c@acme.test", "c@acme.test");

        JsonNode page = ok(scim("GET", USERS + "?startIndex=2&count=1", ACME_TOKEN, null), 200);
        assertThat(page.get("totalResults").asInt()).isEqualTo(3);
        assertThat(page.get("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(page.get("Resources")).hasSize(1);
        assertThat(ok(scim("GET", "/sso/scim/globex/v2/Users", GLOBEX_TOKEN, null), 200).get("totalResults").asInt())
                .isZero();
        JsonNode config = ok(scim("GET", "/sso/scim/acme/v2/ServiceProviderConfig", ACME_TOKEN, null), 200);
        assertThat(config.at("/patch/supported").asBoolean()).isTrue();
        assertThat(config.at("/bulk/supported").asBoolean()).isFalse();
    }

    @Test
    void protocolMistakesGetScimErrorsWithTheRightStatus() throws Exception {
        start(ScimProvisioning.OnDelete.DISABLE);
        String id = create("alice@acme.test", "alice@acme.test");

        assertThat(ok(scim("GET", "/sso/scim/acme/v2/Groups", ACME_TOKEN, null), 404).get("status").asText())
                .isEqualTo("404");
        assertThat(ok(scim("GET", "/sso/scim/acme/v1/Users", ACME_TOKEN, null), 404).get("status").asText())
                .isEqualTo("404");
        assertThat(ok(scim("DELETE", USERS, ACME_TOKEN, null), 405).get("status").asText()).isEqualTo("405");
        assertThat(ok(scim("POST", USERS + "/" + id, ACME_TOKEN, user("x@acme.test", "x@acme.test", true)), 405)
                .get("status").asText()).isEqualTo("405");
        assertThat(ok(scim("PUT", "/sso/scim/acme/v2/ServiceProviderConfig", ACME_TOKEN, "{}"), 405)
                .get("status").asText()).isEqualTo("405");
        assertThat(ok(scim("GET", USERS + "?count=many", ACME_TOKEN, null), 400).get("scimType").asText())
                .isEqualTo("invalidValue");
        assertThat(ok(scim("POST", USERS, ACME_TOKEN, ""), 400).get("scimType").asText()).isEqualTo("invalidSyntax");
        JsonNode escaped = ok(scim("GET", USERS + "?filter=" + JitFilterSamlTests.enc("userName eq \"a\\\"b\""),
                ACME_TOKEN, null), 200);
        assertThat(escaped.get("totalResults").asInt()).isZero();
        JsonNode later = ok(scim("GET", USERS + "?startIndex=2&filter=" + JitFilterSamlTests.enc(
                "userName eq \"alice@acme.test\""), ACME_TOKEN, null), 200);
        assertThat(later.get("totalResults").asInt()).isEqualTo(1);
        assertThat(later.get("Resources")).isEmpty();
    }
}
