package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static io.jitprov.servlet.JitFilterSamlTests.inflate;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.delegation.DelegatedPermission;
import io.jitprov.core.delegation.Delegations;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.core.memory.InMemoryDelegationStore;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.review.AccessReview;
import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.StepUp;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Elevation through the filter: asking, step-up at the IdP and back, approval, expiry, revocation. */
class JitFilterElevationTests {

    private static final String MFA = "urn:acme:mfa";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryUserStore accounts = new InMemoryUserStore();
    private final InMemoryGrantStore grants = new InMemoryGrantStore();
    private final MovableClock clock = new MovableClock();
    private final Delegations delegations = Delegations.builder().userStore(accounts)
            .delegationStore(new InMemoryDelegationStore()).auditSink(AuditSink.NONE).build();
    private TestApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private JitLogin login(String baseUrl) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        domains.markVerified("reseller", "reseller.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers(IdpSide.IDP)
                .roleMapping(RoleMapping.builder().rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member").build())
                .elevation(ElevationRule.forRole("deployer").eligibleGroups("acme-eng").maxDuration(Duration.ofMinutes(30))
                                .stepUp(StepUp.within(Duration.ofMinutes(5)).contexts(MFA)).build(),
                        ElevationRule.forRole("db-admin").eligibleGroups("acme-eng").justificationRequired(true)
                                .approvals(ApprovalRequirement.ONE).approverRoles("admin").build())
                .build();
        SamlServiceProvider sp = SamlServiceProvider.withEntityId(baseUrl + "/sso/saml").acsUrl(baseUrl + "/sso/saml/acs")
                .sloUrl(baseUrl + "/sso/saml/slo").build();
        SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(IdpSide.metadata())
                .emailsVerified(true).groupAttributes("memberOf").wantAuthnRequestsSigned(false).build());
        Tenant reseller = Tenant.withId("reseller").trustedIssuers(IdpSide.IDP)
                .roleMapping(RoleMapping.builder().rule(RoleRule.exact("partner-admins", "admin")).build()).build();
        TenantDirectory tenants = TenantDirectory.of(acme, reseller);
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, tenants))
                        .userStore(accounts).auditSink(AuditSink.NONE).build())
                .userStore(accounts)
                .elevation(Elevation.builder().tenants(tenants).userStore(accounts).grantStore(grants)
                        .auditSink(AuditSink.NONE).delegations(delegations).clock(clock).build())
                .delegations(delegations)
                .saml(sp, idps, SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build())
                .samlSingleLogout(SamlSingleLogout.builder().serviceProvider(sp).identityProviders(idps).build())
                .route("acme", IdpRoute.saml(IdpSide.IDP))
                .accessReview(AccessReview.builder().userStore(accounts).grantStore(grants).clock(clock).build(), "admin")
                .protectedPaths("/app/")
                .build();
    }

    /** Signs {@code browser} in through the SAML endpoints; returns the AuthnRequest XML of that login. */
    static String signIn(TestApp browser, String subject, String email, List<String> groups, String context)
            throws Exception {
        HttpResponse<String> start = browser.get("/sso/saml/login?idp=" + enc(IdpSide.IDP) + "&return=" + enc("/app/"));
        return answer(browser, start, subject, email, groups, context).authnRequest();
    }

    record Answered(String authnRequest, HttpResponse<String> acs) { }

    /** Plays the IdP: answers the AuthnRequest {@code redirect} carries, and posts the response to the ACS. */
    static Answered answer(TestApp browser, HttpResponse<String> redirect, String subject, String email,
            List<String> groups, String context) throws Exception {
        assertThat(redirect.statusCode()).isEqualTo(302);
        Map<String, String> query = query(URI.create(redirect.headers().firstValue("Location").orElseThrow()));
        String xml = inflate(query.get("SAMLRequest"));
        Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(xml);
        assertThat(id.find()).isTrue();
        String response = IdpSide.response(browser.baseUrl + "/sso/saml", browser.baseUrl + "/sso/saml/acs", id.group(1),
                subject, email, groups, context, Instant.now());
        HttpResponse<String> acs = browser.post("/sso/saml/acs", Map.of("SAMLResponse", response,
                "RelayState", query.get("RelayState")));
        return new Answered(xml, acs);
    }

    private static JsonNode overview(TestApp browser) throws Exception {
        HttpResponse<String> page = browser.get("/sso/elevation", "application/json");
        assertThat(page.statusCode()).isEqualTo(200);
        return JSON.readTree(page.body());
    }

    @Test
    void requestNeedingStepUpGoesToTheIdpForAStrongerLoginAndIsGrantedOnReturn() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), "urn:acme:password");
        String csrf = overview(app).get("csrf").asText();

        HttpResponse<String> ask = app.post("/sso/elevation/request", Map.of("role", "deployer", "minutes", "15",
                "csrf", csrf, "return", "/app/deploy"));
        Answered stepUp = answer(app, ask, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);

        assertThat(stepUp.authnRequest()).contains("ForceAuthn=\"true\"").contains(MFA);
        assertThat(stepUp.acs().headers().firstValue("Location").orElseThrow()).startsWith("/sso/elevation/resume?key=");
        HttpResponse<String> resumed = app.get(stepUp.acs().headers().firstValue("Location").orElseThrow());
        assertThat(resumed.headers().firstValue("Location")).contains("/app/deploy");
        assertThat(app.get("/app/").body()).contains("deployer");
        AccessGrant grant = grants.findOpenByAccount(accountOf("alice-1")).get(0);
        assertThat(grant.duration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(grant.sessionId()).isEqualTo(IdpSide.sessionIndex());
    }

    @Test
    void apiClientsGetStepUpAsJsonWithWhereToGo() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), "urn:acme:password");
        String csrf = overview(app).get("csrf").asText();

        HttpResponse<String> ask = app.post("/sso/elevation/request", Map.of("role", "deployer", "csrf", csrf),
                "application/json");

        assertThat(ask.statusCode()).isEqualTo(401);
        JsonNode body = JSON.readTree(ask.body());
        assertThat(body.get("error").asText()).isEqualTo(JitErrorCodes.STEP_UP_REQUIRED);
        assertThat(app.get(body.get("stepUp").asText()).headers().firstValue("Location").orElseThrow())
                .startsWith("https://idp.acme.test/sso?SAMLRequest=");
    }

    @Test
    void postsWithoutTheSessionsCsrfTokenAreRefused() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);

        HttpResponse<String> forged = app.post("/sso/elevation/request", Map.of("role", "deployer"));
        HttpResponse<String> wrong = app.post("/sso/elevation/request", Map.of("role", "deployer", "csrf", "guess"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(grants.findByAccount(accountOf("alice-1"))).isEmpty();
    }

    @Test
    void anApproverApprovesInTheirOwnSessionAndTheRoleHoldsUntilItsExpiryOnly() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);
        String aliceCsrf = overview(app).get("csrf").asText();
        JsonNode pending = JSON.readTree(app.post("/sso/elevation/request", Map.of("role", "db-admin",
                "justification", "INC-7 restore", "csrf", aliceCsrf), "application/json").body());
        assertThat(pending.get("status").asText()).isEqualTo("pending");

        TestApp bob = app.other();
        signIn(bob, "bob-1", "bob@acme.test", List.of("acme-admins"), MFA);
        JsonNode bobsView = overview(bob);
        assertThat(bobsView.get("awaitingYourApproval").get(0).get("id").asText()).isEqualTo(pending.get("id").asText());
        assertThat(app.post("/sso/elevation/" + pending.get("id").asText() + "/approve", Map.of("csrf", aliceCsrf),
                "application/json").statusCode()).isEqualTo(403);
        HttpResponse<String> approved = bob.post("/sso/elevation/" + pending.get("id").asText() + "/approve",
                Map.of("csrf", bobsView.get("csrf").asText()), "application/json");

        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(app.get("/app/").body()).contains("db-admin");
        clock.advance(Duration.ofHours(1)); // the grant's whole duration: gone on the next request, no sweeper needed
        assertThat(app.get("/app/").body()).doesNotContain("db-admin");
    }

    @Test
    void theAccessReviewIsForReviewersOfTheirOwnTenantOnly() throws Exception {
        app = new TestApp(this::login);
        assertThat(app.get("/sso/review", "application/json").statusCode()).isEqualTo(401);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);
        assertThat(app.get("/sso/review", "application/json").statusCode()).isEqualTo(403);

        TestApp bob = app.other();
        signIn(bob, "bob-1", "bob@acme.test", List.of("acme-admins"), MFA);
        HttpResponse<String> json = bob.get("/sso/review", "application/json");
        HttpResponse<String> csv = bob.get("/sso/review?format=csv", "text/csv");

        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode review = JSON.readTree(json.body());
        assertThat(review.get("tenant").asText()).isEqualTo("acme");
        assertThat(review.get("accounts").findValuesAsText("email")).containsExactlyInAnyOrder("alice@acme.test",
                "bob@acme.test");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("access-review-acme.csv");
        assertThat(csv.body()).contains(accountOf("alice-1") + ",alice@acme.test,human,active,");
    }

    @Test
    void aPartnersAdminReviewsAndApprovesForATenantOnlyWhereItDelegatedTo() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);
        TestApp bob = app.other();
        signIn(bob, "bob-1", "bob@acme.test", List.of("acme-admins"), MFA);
        TestApp pat = app.other();
        signIn(pat, "pat-1", "pat@reseller.test", List.of("partner-admins"), MFA);
        String patsId = accounts.findByIdentity("reseller", IdpSide.IDP, "pat-1").orElseThrow().id();
        assertThat(pat.get("/sso/review?tenant=acme", "application/json").statusCode()).isEqualTo(403);

        delegations.delegate(accountOf("bob-1"), patsId, Set.of(DelegatedPermission.REVIEW_ACCESS,
                DelegatedPermission.APPROVE_ELEVATION), Duration.ofDays(7));
        JsonNode pending = JSON.readTree(app.post("/sso/elevation/request", Map.of("role", "db-admin",
                "justification", "INC-8", "csrf", overview(app).get("csrf").asText()), "application/json").body());
        JsonNode patsView = overview(pat);

        HttpResponse<String> review = pat.get("/sso/review?tenant=acme", "application/json");
        assertThat(review.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(review.body()).get("tenant").asText()).isEqualTo("acme");
        assertThat(pat.get("/sso/review?tenant=globex", "application/json").statusCode()).isEqualTo(403);
        assertThat(patsView.get("awaitingYourApproval").get(0).get("id").asText()).isEqualTo(pending.get("id").asText());
        assertThat(pat.post("/sso/elevation/" + pending.get("id").asText() + "/approve",
                Map.of("csrf", patsView.get("csrf").asText()), "application/json").statusCode()).isEqualTo(200);
        assertThat(app.get("/app/").body()).contains("db-admin");
    }

    @Test
    void requestsAreDeniedOrRevokedAndMistakesAnsweredWithTheirStatus() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);
        String aliceCsrf = overview(app).get("csrf").asText();
        TestApp bob = app.other();
        signIn(bob, "bob-1", "bob@acme.test", List.of("acme-admins"), MFA);
        String bobCsrf = overview(bob).get("csrf").asText();
        Map<String, String> ask = Map.of("role", "db-admin", "justification", "INC-9", "csrf", aliceCsrf);

        String first = JSON.readTree(app.post("/sso/elevation/request", ask, "application/json").body()).get("id").asText();
        HttpResponse<String> denied = bob.post("/sso/elevation/" + first + "/deny", Map.of("csrf", bobCsrf,
                "reason", "not now"), "application/json");
        String second = JSON.readTree(app.post("/sso/elevation/request", ask, "application/json").body()).get("id").asText();
        HttpResponse<String> withdrawn = app.post("/sso/elevation/" + second + "/revoke",
                Map.of("csrf", aliceCsrf, "return", "/app/"), "text/html");

        assertThat(JSON.readTree(denied.body()).get("status").asText()).isEqualTo("denied");
        assertThat(withdrawn.statusCode()).isEqualTo(302);
        assertThat(withdrawn.headers().firstValue("Location")).contains("/app/");
        assertThat(grants.findById(second).orElseThrow().status()).isEqualTo(GrantStatus.REVOKED);
        assertThat(bob.post("/sso/elevation/no-such-grant/approve", Map.of("csrf", bobCsrf), "application/json")
                .statusCode()).isEqualTo(404);
        assertThat(bob.post("/sso/elevation/" + first + "/approve", Map.of("csrf", bobCsrf), "application/json")
                .statusCode()).isEqualTo(409);
        assertThat(app.get("/sso/elevation/nowhere", "application/json").statusCode()).isEqualTo(404);
        HttpResponse<String> tooLong = app.post("/sso/elevation/request", Map.of("role", "deployer", "minutes", "ninety",
                "csrf", aliceCsrf), "text/html");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("duration_invalid");
    }

    @Test
    void requestOrDenyWhenTextLongerThanAGrantKeepsThenBadRequestNotStoreUnavailable() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);
        String aliceCsrf = overview(app).get("csrf").asText();
        TestApp bob = app.other();
        signIn(bob, "bob-1", "bob@acme.test", List.of("acme-admins"), MFA);
        String bobCsrf = overview(bob).get("csrf").asText();

        HttpResponse<String> tooLong = app.post("/sso/elevation/request", Map.of("role", "db-admin", "csrf", aliceCsrf,
                "justification", "x".repeat(AccessGrant.MAX_JUSTIFICATION_LENGTH + 1)), "application/json");
        String id = JSON.readTree(app.post("/sso/elevation/request", Map.of("role", "db-admin", "justification",
                "INC-9", "csrf", aliceCsrf), "application/json").body()).get("id").asText();
        HttpResponse<String> longReason = bob.post("/sso/elevation/" + id + "/deny", Map.of("csrf", bobCsrf,
                "reason", "r".repeat(AccessGrant.MAX_END_REASON_LENGTH + 1)), "application/json");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("error").asText()).isEqualTo(JitErrorCodes.TEXT_INVALID);
        assertThat(longReason.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(longReason.body()).get("error").asText()).isEqualTo(JitErrorCodes.TEXT_INVALID);
        assertThat(grants.findById(id).orElseThrow().status()).isEqualTo(GrantStatus.PENDING);
    }

    @Test
    void aDisabledAccountIsSignedOutOnItsNextRequest() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);
        assertThat(app.get("/app/").statusCode()).isEqualTo(200);

        accounts.disable(accountOf("alice-1"));

        assertThat(app.get("/app/").statusCode()).isEqualTo(302);
    }

    @Test
    void logoutAndIdpLogoutEndTheSessionsGrants() throws Exception {
        app = new TestApp(this::login);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);
        askForDeployer(app);
        app.signOut();
        assertThat(grants.findOpenByAccount(accountOf("alice-1"))).isEmpty();

        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), MFA);
        askForDeployer(app);
        app.post("/sso/saml/slo", Map.of("SAMLRequest", IdpSide.logoutRequest(app.baseUrl + "/sso/saml/slo", "alice-1",
                IdpSide.sessionIndex(), false)));

        assertThat(grants.findByAccount(accountOf("alice-1"))).extracting(AccessGrant::status)
                .containsOnly(GrantStatus.REVOKED).hasSize(2);
    }

    private static void askForDeployer(TestApp browser) throws Exception {
        String csrf = overview(browser).get("csrf").asText();
        HttpResponse<String> ask = browser.post("/sso/elevation/request", Map.of("role", "deployer", "csrf", csrf),
                "application/json");
        assertThat(ask.statusCode()).isEqualTo(201);
    }

    private String accountOf(String subject) {
        return accounts.findByIdentity("acme", IdpSide.IDP, subject).orElseThrow().id();
    }

    /** The clock elevation reads; the test moves it. */
    private static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration duration) {
            offset = offset.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /**
     * A firewall in front of jit that will not hand over the Accept header (UnreadableHeaderTests):
     * the request must be refused before anything is written, not after the grant was stored.
     */
    @Test
    void anUnreadableAcceptIsRefusedBeforeTheGrantIsStoredNotAfter() throws Exception {
        app = new TestApp(this::login, "", context -> {
            context.addServlet(new ServletHolder(new TestApp.Echo()), "/*");
            TestApp.distrustHeaders(context);
        }, false);
        signIn(app, "alice-1", "alice@acme.test", List.of("acme-eng"), "urn:acme:password");
        String csrf = overview(app).get("csrf").asText();

        HttpResponse<String> ask = app.post("/sso/elevation/request", Map.of("role", "db-admin",
                "justification", "INC-42", "csrf", csrf), TestApp.DISTRUSTED);

        assertThat(ask.statusCode()).as(ask.body()).isEqualTo(400);
        assertThat(grants.findOpenByAccount(accountOf("alice-1"))).as("a request answered 400 changed nothing")
                .isEmpty();
    }
}
