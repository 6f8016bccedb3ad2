package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.jdbc.JdbcGrantStore;
import io.jitprov.jdbc.JdbcSchema;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.RemoteJwkSet;
import io.jitprov.oidc.TestTokens;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.OtherIdp;
import io.jitprov.saml.SamlMetadataResolver;
import io.jitprov.saml.SamlMetadataSource;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Findings of a fresh-eyes attack on the web layer: each test fails on the code as it stands and
 * passes once the defect is fixed. The deployment is {@link FreshEyesApp}: several identity
 * providers, one of them the attacker's, as the threat model allows.
 */
class FreshEyesAttackTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FreshEyesApp target;
    private TestApp victim;
    private TestApp attacker;

    @BeforeEach
    void start() throws Exception {
        target = new FreshEyesApp();
        victim = target.app;
        attacker = victim.other();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    // ---------------------------------------------------------------------------------------------
    // SAML single logout: whoever presents a LogoutRequest is signed out, whoever it names
    // ---------------------------------------------------------------------------------------------

    /**
     * Mallory, an ordinary user, signs out of the IdP; the IdP hands her browser a signed
     * LogoutRequest for <em>her</em> session, addressed to jit's SLO endpoint. She does not follow
     * it: she makes Alice's browser post it (an auto-submitting form on any site; docs/servlet.md asks for
     * {@code SameSite=None} session cookies, so the cookie goes along). jit verifies the request,
     * ends the sessions it names (Mallory's), and then also invalidates the session of the browser
     * that presented it: Alice's. A link or a form on another site signs Alice out, which is what the
     * CSRF-protected {@code /logout} promises cannot happen.
     */
    @Test
    void sloWhenALogoutRequestForAnotherPersonIsPostedFromTheVictimsBrowserThenTheVictimStaysSignedIn()
            throws Exception {
        target.signIn(attacker, null, "mallory", "mallory@acme.test", List.of());
        target.signIn(victim, null, "alice", "alice@acme.test", List.of("acme-admins"));
        assertThat(FreshEyesApp.whoIs(victim)).isEqualTo("alice@acme.test");
        String malloryOwnLogout = IdpSide.logoutRequest(victim.baseUrl + "/sso/saml/slo", "mallory",
                IdpSide.sessionIndex(), false);

        HttpResponse<String> csrf = victim.post("/sso/saml/slo", Map.of("SAMLRequest", malloryOwnLogout));

        assertThat(csrf.statusCode()).isEqualTo(302); // accepted: it is a genuine LogoutRequest, for Mallory
        assertThat(FreshEyesApp.whoIs(attacker)).as("Mallory's own session ends, as her IdP asked").isNull();
        assertThat(FreshEyesApp.whoIs(victim)).as("Alice's session was not named by the LogoutRequest")
                .isEqualTo("alice@acme.test");
    }

    /**
     * An IdP whose metadata offers single logout by HTTP-POST only (Keycloak's "Logout Service POST
     * Binding URL", or an attacker's IdP trusted by another tenant) sends a genuine LogoutRequest:
     * jit ends the sessions, then {@code responseRedirectUrl} throws IllegalStateException ("no
     * HTTP-Redirect SingleLogoutService") and the filter answers 500 and logs at ERROR. Every IdP
     * logout of such an IdP does it, and anyone holding one of its LogoutRequests can repeat it.
     */
    @Test
    void sloWhenTheIdpOffersSingleLogoutByPostOnlyThenNo500AndNoErrorLog() throws Exception {
        target.signIn(victim, FreshEyesApp.ACME_SECOND, "bob-2", "bob@acme.test", List.of());
        assertThat(FreshEyesApp.whoIs(victim)).isEqualTo("bob@acme.test");
        String logout = FreshEyesApp.ACME_SECOND.logoutRequest(victim.baseUrl + "/sso/saml/slo", "bob-2");

        HttpResponse<String> slo;
        List<String> errors;
        try (ErrorLog log = new ErrorLog()) {
            slo = victim.post("/sso/saml/slo", Map.of("SAMLRequest", logout, "RelayState", "idp-state"));
            errors = log.errors();
        }

        assertThat(FreshEyesApp.whoIs(victim)).isNull(); // the logout itself happened
        assertThat(slo.statusCode()).as(slo.body()).isEqualTo(200);
        assertThat(errors).as("ERROR lines").isEmpty();
        // The LogoutResponse goes back by the binding the IdP offers: a form posted to its endpoint.
        Matcher response = Pattern.compile("name=\"SAMLResponse\" value=\"([^\"]+)\"").matcher(slo.body());
        assertThat(slo.body()).contains("action=\"https://").contains("/slo-post\"")
                .contains("name=\"RelayState\" value=\"idp-state\"");
        assertThat(response.find()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(response.group(1)), StandardCharsets.UTF_8))
                .contains("LogoutResponse").contains("urn:oasis:names:tc:SAML:2.0:status:Success");
    }

    // ---------------------------------------------------------------------------------------------
    // Login CSRF: another site switches a signed-in person to the attacker's account
    // ---------------------------------------------------------------------------------------------

    /**
     * Alice is signed in. A page on another site auto-submits a form to {@code POST /sso/login}
     * with {@code email=mallory@evil.test} (the home-realm form carries no CSRF token; a link to
     * {@code /sso/saml/login?idp=...} does the same). jit starts a login at tenant evil's IdP, which
     * the attacker runs; it answers at once with a signed response for Mallory. jit ends Alice's
     * session and signs her browser in as Mallory, in tenant evil: whatever Alice does next (an
     * upload, a note, an API key she pastes) lands in the attacker's account. The browser said the
     * request came from another site ({@code Sec-Fetch-Site: cross-site}); a sign-in that would
     * replace a signed-in person's session should be started by the application's own pages only.
     */
    @Test
    void loginWhenStartedByAnotherSiteWhileSignedInThenTheBrowserIsNotSwitchedToTheAttackersAccount()
            throws Exception {
        target.signIn(victim, null, "alice", "alice@acme.test", List.of("acme-admins"));
        assertThat(FreshEyesApp.whoIs(victim)).isEqualTo("alice@acme.test");

        HttpResponse<String> start = victim.browser.send(HttpRequest.newBuilder(URI.create(victim.baseUrl + "/sso/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .header("Origin", "https://evil.test").header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + enc("mallory@evil.test") + "&return=%2Fapp%2F"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (start.statusCode() == 302 && start.headers().firstValue("Location").orElse("").startsWith("https://idp.evil.test/")) {
            // The attacker's IdP answers at once, with a signed response for the attacker.
            String[] request = FreshEyesApp.requestOf(start);
            victim.post("/sso/saml/acs", Map.of("SAMLResponse", FreshEyesApp.ROGUE.response(victim.baseUrl + "/sso/saml",
                    victim.baseUrl + "/sso/saml/acs", request[0], "mallory", "mallory@evil.test", List.of()),
                    "RelayState", request[1]));
        }

        assertThat(FreshEyesApp.whoIs(victim)).isEqualTo("alice@acme.test");
    }

    // ---------------------------------------------------------------------------------------------
    // 500s and ERROR lines anyone can cause
    // ---------------------------------------------------------------------------------------------

    /**
     * A SAML-only deployment (docs/servlet.md's minimum configuration) still routes {@code /oidc/*} to
     * the sign-in endpoints, where {@code requireOidc} throws IllegalStateException: an anonymous
     * GET answers 500 and logs a stack trace at ERROR, as often as anyone likes.
     */
    @Test
    void oidcEndpointsWhenOnlySamlIsConfiguredThenNotFoundAndNoErrorLog() throws Exception {
        List<TestApp.Raw> answers;
        List<String> errors;
        try (ErrorLog log = new ErrorLog()) {
            answers = List.of(
                    victim.raw("GET", "/sso/oidc/login?idp=x", Map.of("Accept", "text/html"), ""),
                    victim.raw("GET", "/sso/oidc/callback?code=c&state=s", Map.of("Accept", "text/html"), ""),
                    victim.raw("POST", "/sso/oidc/backchannel-logout",
                            Map.of("Content-Type", "application/x-www-form-urlencoded"), "logout_token=x"));
            errors = log.errors();
        }

        for (TestApp.Raw answer : answers) {
            assertThat(answer.status()).as(answer.head()).isIn(400, 404);
        }
        assertThat(errors).as("ERROR lines").isEmpty();
    }

    /** The same the other way round: an OIDC-only deployment answers {@code /saml/*} with 500 and an ERROR. */
    @Test
    void samlEndpointsWhenOnlyOidcIsConfiguredThenNotFoundAndNoErrorLog() throws Exception {
        try (TestApp oidcOnly = new TestApp(FreshEyesAttackTests::oidcOnly)) {
            List<TestApp.Raw> answers;
            List<String> errors;
            try (ErrorLog log = new ErrorLog()) {
                answers = List.of(
                        oidcOnly.raw("GET", "/sso/saml/metadata", Map.of(), ""),
                        oidcOnly.raw("GET", "/sso/saml/login?idp=x", Map.of("Accept", "text/html"), ""),
                        oidcOnly.raw("POST", "/sso/saml/acs", Map.of("Content-Type",
                                "application/x-www-form-urlencoded"), "SAMLResponse=eA%3D%3D"),
                        oidcOnly.raw("GET", "/sso/saml/slo?SAMLRequest=x", Map.of(), ""));
                errors = log.errors();
            }

            for (TestApp.Raw answer : answers) {
                assertThat(answer.status()).as(answer.head()).isIn(400, 404);
            }
            assertThat(errors).as("ERROR lines").isEmpty();
        }
    }

    private static JitLogin oidcOnly(String baseUrl) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        OidcProvider op = TestTokens.provider(TestTokens.RSA).authorizationEndpoint(URI.create(TestTokens.ISSUER
                + "/authorize")).tokenEndpoint(URI.create(TestTokens.ISSUER + "/token")).build();
        OidcVerifier verifier = OidcVerifier.builder().providers(OidcProviders.of(op)).build();
        Tenant acme = Tenant.withId("acme").trustedIssuers(TestTokens.ISSUER)
                .roleMapping(RoleMapping.builder().defaultRoles("member").build()).build();
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                        .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                .auditSink(AuditSink.NONE)
                .oidc(OidcLogin.builder().providers(OidcProviders.of(op)).verifier(verifier).build(), verifier)
                .route("acme", IdpRoute.oidc(TestTokens.ISSUER))
                .protectedPaths("/app/")
                .build();
    }

    /**
     * An IdP trusted by tenant initech publishes metadata whose only SingleSignOnService uses the
     * HTTP-Artifact binding (the operator fetches it by URL, so whoever runs that IdP decides what
     * it says, and can change it at the next refresh). {@code /saml/login?idp=} for it, or
     * {@code POST /login} with any initech.test address, makes {@code SamlAuthnRequests.post} throw
     * IllegalStateException: 500 and an ERROR line per anonymous request.
     */
    @Test
    void samlLoginWhenTheIdpsMetadataOffersNoBindingJitSpeaksThenARefusalNotA500() throws Exception {
        List<TestApp.Raw> answers;
        List<String> errors;
        try (ErrorLog log = new ErrorLog()) {
            answers = List.of(
                    victim.raw("GET", "/sso/saml/login?idp=" + enc(FreshEyesApp.ARTIFACT.entityId()),
                            Map.of("Accept", "text/html"), ""),
                    victim.raw("POST", "/sso/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                            "email=" + enc("anyone@initech.test")));
            errors = log.errors();
        }

        for (TestApp.Raw answer : answers) {
            assertThat(answer.status()).as(answer.head()).isNotEqualTo(500);
        }
        assertThat(errors).as("ERROR lines").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // SCIM: the endpoint of one IdP links its subjects to accounts of another
    // ---------------------------------------------------------------------------------------------

    private HttpResponse<String> scim(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(victim.baseUrl + path))
                .header("Authorization", "Bearer " + FreshEyesApp.SCIM_TOKEN).header("Accept", "application/scim+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        return victim.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Tenant acme trusts two IdPs; its SCIM endpoint belongs to the first ({@code identityProvider}:
     * "whose logins the pushed users make"). Carol, an admin, signs in through the second. The
     * holder of acme's SCIM token lists the Users (Carol shows with her account id as userName, as
     * she has no identity of the SCIM IdP), then PUTs Carol's resource with the userName of a
     * subject they control at the first IdP. jit "renames" by adding that identity to Carol's
     * account, so Mallory signs in through the first IdP and lands in Carol's account: an account
     * link made without any IdP having verified anything, although the tenant's {@code linkPolicy}
     * is {@code never}.
     */
    @Test
    void scimPutWhenTheAccountHasNoIdentityOfTheScimIdpThenItIsNotLinkedToOne() throws Exception {
        target.signIn(victim, FreshEyesApp.ACME_SECOND, "carol-2", "carol@acme.test", List.of("acme-admins"));
        String carol = target.accountOf("acme", FreshEyesApp.ACME_SECOND.entityId(), "carol-2");
        // Carol is not the directory's to manage: it does not list her (her id could still be learnt elsewhere).
        JsonNode listed = JSON.readTree(scim("GET", "/sso/scim/acme/v2/Users", null).body());
        assertThat(listed.get("Resources").findValuesAsText("id")).doesNotContain(carol);

        HttpResponse<String> put = scim("PUT", "/sso/scim/acme/v2/Users/" + carol,
                "{\"userName\":\"mallory-1\",\"emails\":[{\"value\":\"carol@acme.test\",\"primary\":true}]}");
        target.signIn(attacker, null, "mallory-1", "mallory@acme.test", List.of());

        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(target.accounts.findById(carol).orElseThrow().identities())
                .as("Carol's account after the SCIM PUT (answered %s)", put.statusCode())
                .doesNotContain(new ExternalIdentity(IdpSide.IDP, "mallory-1"));
        assertThat(target.accountOf("acme", IdpSide.IDP, "mallory-1")).as("the account Mallory signed in to")
                .isNotEqualTo(carol);
    }

    // ---------------------------------------------------------------------------------------------
    // Elevation: one open grant per role, unless the requests race
    // ---------------------------------------------------------------------------------------------

    /**
     * "Refuses asking for a role the account holds, or has asked for and not yet lost"
     * ({@code role_already_held}): checked by reading the open grants, then creating one, with
     * nothing making the two atomic. Bob double-submits (twenty posts at once) and holds several
     * active grants of {@code support}; an approver or the application that revokes "his grant"
     * (the id its listener was told about) ends one, and Bob keeps the role through the others.
     */
    @Test
    void elevationRequestWhenDoubleSubmittedConcurrentlyThenAtMostOneOpenGrantOfTheRole() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:grants-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcSchema.install(h2);
        target.close();
        target = new FreshEyesApp(JdbcGrantStore.of(h2));
        victim = target.app;
        target.signIn(victim, null, "bob", "bob@acme.test", List.of("acme-eng"));
        String csrf = JSON.readTree(victim.get("/sso/elevation", "application/json").body()).get("csrf").asText();
        String bob = target.accountOf("acme", IdpSide.IDP, "bob");
        HttpRequest ask = HttpRequest.newBuilder(URI.create(victim.baseUrl + "/sso/elevation/request"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString("role=support&minutes=30")).build();

        List<Integer> statuses = new ArrayList<>();
        for (int round = 0; round < 6 && target.grants.findOpenByAccount(bob).size() <= 1; round++) {
            for (var open : target.grants.findOpenByAccount(bob)) { // Bob ends his grant to try again
                victim.post("/sso/elevation/" + open.id() + "/revoke", Map.of("csrf", csrf), "application/json");
            }
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                posts.add(victim.browser.sendAsync(ask, HttpResponse.BodyHandlers.ofString()));
            }
            statuses.clear();
            for (CompletableFuture<HttpResponse<String>> post : posts) {
                statuses.add(post.get().statusCode());
            }
        }

        assertThat(target.grants.findOpenByAccount(bob)).as("open grants of support after %s", statuses)
                .hasSizeLessThanOrEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------
    // An IdP's key endpoint that stalls holds every request that needs its keys, for good
    // ---------------------------------------------------------------------------------------------

    /**
     * An IdP that tenant {@code evil} trusts (the attacker's) publishes its JWKS at a URL that
     * answers {@code 200} with its headers at once, then sends the body slowly, or never. The fetch
     * timeout ({@code RemoteJwkSet.Builder.timeout}: "how long one fetch may take", 2 s here, 10 s by
     * default) bounds only the wait for the headers: {@code readNBytes} on the body blocks without a
     * deadline, inside {@code lock.lock()}. So an anonymous {@code POST /sso/oidc/backchannel-logout}
     * with any JWT naming that issuer never gets an answer, and every further one queues on the
     * lock: each holds a container thread for good, and a few hundred of them exhaust the thread
     * pool, which signs everyone of every tenant out of the application.
     */
    @Test
    void backchannelLogoutWhenTheIssuersKeyEndpointStallsThenAnsweredWithinTheFetchTimeout() throws Exception {
        try (StallingServer jwks = new StallingServer()) {
            String rogue = "http://127.0.0.1:" + jwks.port();
            try (TestApp app = new TestApp(baseUrl -> rogueOidc(baseUrl, rogue, jwks.port()))) {
                HttpClient idp = HttpClient.newHttpClient();
                List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    posts.add(idp.sendAsync(HttpRequest.newBuilder(URI.create(app.baseUrl + "/sso/oidc/backchannel-logout"))
                            .timeout(Duration.ofSeconds(8))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + enc(logoutToken(rogue)))).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                List<String> outcomes = new ArrayList<>();
                for (CompletableFuture<HttpResponse<String>> post : posts) {
                    try {
                        outcomes.add(String.valueOf(post.get().statusCode()));
                    } catch (ExecutionException e) {
                        outcomes.add(e.getCause() instanceof HttpTimeoutException ? "no answer within 8 s"
                                : e.getCause().toString());
                    }
                }
                jwks.close(); // lets the held threads go before the server stops

                assertThat(outcomes).as("answers to three back-channel logout posts naming the stalling issuer")
                        .allSatisfy(outcome -> assertThat(outcome).isIn("400", "503"));
            }
        }
    }

    /**
     * The SAML twin: tenant evil's IdP (the attacker's) is configured by {@code metadataUrl}. Once
     * jit has read it, the URL starts answering headers and stalling. Anyone starts a login at that
     * IdP and posts a response signed by a key the metadata does not list: jit re-reads the
     * metadata for a rotated key ({@code refreshKeys}, under {@code lock.lock()}); the read never
     * ends (the 2 s timeout covers the headers only), and every further such post waits on the lock
     * for good, each holding a container thread.
     */
    @Test
    void acsWhenTheIssuersMetadataUrlStallsThenAnsweredWithinTheFetchTimeout() throws Exception {
        OtherIdp rogue = new OtherIdp("https://idp.stall.test/saml", "idp.stall.test", OtherIdp.Shape.FULL);
        OtherIdp forger = new OtherIdp(rogue.entityId(), "idp.stall.test", OtherIdp.Shape.FULL); // same name, other key
        try (StallingServer metadata = new StallingServer(rogue.metadata())) {
            try (TestApp app = new TestApp(baseUrl -> rogueSaml(baseUrl, rogue.entityId(), metadata.port()))) {
                List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    TestApp browser = app.other();
                    String[] request = FreshEyesApp.requestOf(browser.get("/sso/saml/login?idp=" + enc(rogue.entityId())));
                    String forged = forger.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", request[0],
                            "someone", "someone@stall.test", List.of());
                    posts.add(browser.browser.sendAsync(HttpRequest.newBuilder(URI.create(app.baseUrl + "/sso/saml/acs"))
                            .timeout(Duration.ofSeconds(8)).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("SAMLResponse=" + enc(forged) + "&RelayState="
                                    + enc(request[1]))).build(), HttpResponse.BodyHandlers.ofString()));
                }
                List<String> outcomes = new ArrayList<>();
                for (CompletableFuture<HttpResponse<String>> post : posts) {
                    try {
                        outcomes.add(String.valueOf(post.get().statusCode()));
                    } catch (ExecutionException e) {
                        outcomes.add(e.getCause() instanceof HttpTimeoutException ? "no answer within 8 s"
                                : e.getCause().toString());
                    }
                }
                metadata.close();

                assertThat(outcomes).as("answers to three forged responses naming the stalling IdP")
                        .allSatisfy(outcome -> assertThat(outcome).isIn("400", "503"));
            }
        }
    }

    private static JitLogin rogueSaml(String baseUrl, String entityId, int port) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("evil", "stall.test", false);
        SamlServiceProvider sp = SamlServiceProvider.withEntityId(baseUrl + "/sso/saml").acsUrl(baseUrl + "/sso/saml/acs")
                .build();
        SamlMetadataResolver idps = SamlMetadataResolver.builder().timeout(Duration.ofSeconds(2))
                .source(SamlMetadataSource.url(URI.create("http://127.0.0.1:" + port + "/metadata")).allowInsecureHttp()
                        .configure(idp -> idp.emailsVerified(true)).build())
                .build();
        Tenant evil = Tenant.withId("evil").trustedIssuers(entityId).build();
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(evil)))
                        .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                .auditSink(AuditSink.NONE)
                .saml(sp, idps, SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build())
                .route("evil", IdpRoute.saml(entityId))
                .build();
    }

    private static JitLogin rogueOidc(String baseUrl, String rogueIssuer, int port) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("evil", "evil.test", false);
        OidcProvider op = OidcProvider.withIssuer(rogueIssuer).clientId(TestTokens.CLIENT_ID)
                .authorizationEndpoint(URI.create(rogueIssuer + "/authorize")).tokenEndpoint(URI.create(rogueIssuer + "/token"))
                .jwks(RemoteJwkSet.builder(URI.create("http://127.0.0.1:" + port + "/jwks")).timeout(Duration.ofSeconds(2))
                        .build())
                .build();
        OidcVerifier verifier = OidcVerifier.builder().providers(OidcProviders.of(op)).build();
        Tenant evil = Tenant.withId("evil").trustedIssuers(rogueIssuer).build();
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(evil)))
                        .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                .auditSink(AuditSink.NONE)
                .oidc(OidcLogin.builder().providers(OidcProviders.of(op)).verifier(verifier).build(), verifier)
                .route("evil", IdpRoute.oidc(rogueIssuer))
                .build();
    }

    private static String logoutToken(String issuer) {
        Instant now = Instant.now();
        return TestTokens.sign(TestTokens.ATTACKER, JWSAlgorithm.RS256, h -> h.type(TestTokens.type("logout+jwt")),
                new JWTClaimsSet.Builder().issuer(issuer).audience(TestTokens.CLIENT_ID).issueTime(Date.from(now))
                        .jwtID(UUID.randomUUID().toString()).subject("someone")
                        .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())).build());
    }

    /** An HTTP server that answers every request with 200 and its headers, then holds the body back until closed. */
    static final class StallingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;
        private volatile String firstBody;

        StallingServer() throws Exception {
            this(null);
        }

        /** Answers the first request with {@code firstBody} in full (when not null), and stalls from then on. */
        StallingServer(String first) throws Exception {
            this.firstBody = first;
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        held.add(connection);
                        InputStream in = connection.getInputStream();
                        int matched = 0;
                        while (matched < 4) {
                            int b = in.read();
                            if (b < 0) {
                                break;
                            }
                            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                        }
                        OutputStream out = connection.getOutputStream();
                        String body = firstBody;
                        if (body != null) {
                            firstBody = null;
                            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n"
                                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(bytes);
                            out.flush();
                            connection.close();
                            continue;
                        }
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (Exception e) {
                        // closed
                    }
                }
            }, "stalling-jwks");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            for (Socket connection : held) {
                connection.close();
            }
        }
    }
}
