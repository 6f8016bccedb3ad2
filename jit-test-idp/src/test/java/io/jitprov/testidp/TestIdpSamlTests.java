package io.jitprov.testidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import io.jitprov.saml.TestKeys;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test IdP's SAML side signing people into JitFilter in a real Jetty, through its HTTP endpoints and in-process. */
class TestIdpSamlTests {

    static final TestPerson ALICE = TestPerson.withEmail("alice@acme.test").name("Alice Liddell")
            .groups("acme-staff", "acme-admins").attribute("department", "Finance").build();
    static final TestPerson BOB = TestPerson.withEmail("bob@acme.test").groups("acme-staff").build();

    private TestIdp idp;
    private TestApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private void start(TestIdp.Builder builder, boolean decrypts) throws Exception {
        idp = builder.people(ALICE, BOB).start();
        app = new TestApp(baseUrl -> login(baseUrl, idp.samlMetadata(), decrypts));
    }

    private JitLogin login(String baseUrl, String metadata, boolean decrypts) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers(idp.samlEntityId()).roleMapping(RoleMapping.builder()
                .rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member").build()).build();
        SamlServiceProvider.Builder sp = SamlServiceProvider.at(baseUrl + "/sso");
        if (decrypts) {
            sp.decryptionCredential(TestKeys.SP);
        }
        SamlServiceProvider serviceProvider = sp.build();
        SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(metadata)
                .emailsVerified(true).build());
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                        .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                .auditSink(AuditSink.NONE)
                .saml(serviceProvider, idps, SamlVerifier.builder().serviceProvider(serviceProvider).identityProviders(idps)
                        .build())
                .samlSingleLogout(SamlSingleLogout.builder().serviceProvider(serviceProvider).identityProviders(idps).build())
                .route("acme", IdpRoute.saml(idp.samlEntityId()))
                .protectedPaths("/app/")
                .build();
    }

    /** The app sends the browser to the IdP; the IdP's page posts the answer back; the app lands on the return path. */
    private HttpResponse<String> signInThroughTheIdp() throws Exception {
        String toIdp = Browser.location(app.get("/sso/saml/login?idp=" + enc(idp.samlEntityId()) + "&return=%2Fapp%2Fhome"));
        assertThat(toIdp).startsWith(idp.baseUrl() + "/saml/sso?SAMLRequest=");
        HttpResponse<String> page = Browser.get(app, toIdp);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'nonce-").contains("frame-ancestors 'none'"));
        return app.post(Browser.form(page.body()).url(), Browser.form(page.body()).fields());
    }

    @Test
    void signInWhenAliceIsChosenThenTheAppSignsHerInWithHerGroupsRoles() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE), false);

        HttpResponse<String> acs = signInThroughTheIdp();

        assertThat(Browser.location(acs)).endsWith("/app/home");
        assertThat(app.get("/app/home").body()).contains("user=alice@acme.test").contains("admin=true")
                .contains("member=true");
        assertThat(idp.sessions()).singleElement().satisfies(session -> {
            assertThat(session.protocol()).isEqualTo(TestIdp.Protocol.SAML);
            assertThat(session.person()).isEqualTo(ALICE);
            assertThat(session.audience()).isEqualTo(app.baseUrl + "/sso/saml");
        });
    }

    @Test
    void answerWhenCalledInProcessThenTheSameSignInNeedsNoHttpToTheIdp() throws Exception {
        start(TestIdp.builder(), false);
        idp.signInAs(BOB);
        String toIdp = Browser.location(app.get("/sso/saml/login?idp=" + enc(idp.samlEntityId()) + "&return=%2Fapp%2F"));

        TestIdp.Answer answer = idp.answer(toIdp);

        assertThat(answer.method()).isEqualTo("POST");
        assertThat(answer.url()).isEqualTo(app.baseUrl + "/sso/saml/acs");
        assertThat(answer.fields()).containsKeys("SAMLResponse", "RelayState");
        assertThat(answer.formBody()).isEqualTo("SAMLResponse=" + enc(answer.fields().get("SAMLResponse"))
                + "&RelayState=" + enc(answer.fields().get("RelayState")));
        assertThat(Browser.follow(app, answer).statusCode()).isEqualTo(302);
        assertThat(app.get("/app/").body()).contains("user=bob@acme.test").contains("admin=false");
    }

    @Test
    void answerWhenNobodyIsChosenThenItSaysWhatToDo() throws Exception {
        start(TestIdp.builder(), false);
        String toIdp = Browser.location(app.get("/sso/saml/login?idp=" + enc(idp.samlEntityId())));

        assertThatThrownBy(() -> idp.answer(toIdp)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Nobody is chosen to sign in: call signInAs(person) first");
        assertThatThrownBy(() -> idp.answer(idp.baseUrl() + "/elsewhere")).isInstanceOf(IllegalStateException.class);
        idp.signInAs(ALICE);
        assertThatThrownBy(() -> idp.answer(idp.baseUrl() + "/elsewhere")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not a sign-in request to this IdP");
    }

    @ParameterizedTest
    @CsvSource({
            "SIGN_IN_REFUSED, status_not_success",
            "UNKNOWN_KEY, invalid_signature",
            "WRONG_AUDIENCE, audience_mismatch",
            "WRONG_RECIPIENT, destination_mismatch",
            "EXPIRED, assertion_expired"})
    void failNextWhenAskedThenTheAppRefusesWithTheCodeARealMisconfigurationGets(TestIdp.Failure failure, String code)
            throws Exception {
        start(TestIdp.builder().signingInAs(ALICE), false);
        idp.failNext(failure);

        HttpResponse<String> refused = signInThroughTheIdp();

        assertThat(refused.statusCode()).isBetween(400, 499);
        assertThat(refused.body()).contains(code);
        assertThat(app.get("/app/home").statusCode()).isEqualTo(302);
        assertThat(Browser.location(signInThroughTheIdp())).as("the failure was for one sign-in only").endsWith("/app/home");
    }

    @Test
    void failNextWhenItIsTheTokenEndpointsThenSamlSignInsAreNotSpoiled() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE), false);
        idp.failNext(TestIdp.Failure.TOKEN_ENDPOINT_ERROR);

        assertThat(Browser.location(signInThroughTheIdp())).endsWith("/app/home");
    }

    @Test
    void encryptAssertionsToWhenTheServiceProviderDecryptsThenAliceSignsIn() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE).encryptAssertionsTo(TestKeys.SP.certificate()), true);
        String toIdp = Browser.location(app.get("/sso/saml/login?idp=" + enc(idp.samlEntityId()) + "&return=%2Fapp%2F"));

        TestIdp.Answer answer = idp.answer(toIdp);

        String xml = new String(Base64.getDecoder().decode(answer.fields().get("SAMLResponse")), StandardCharsets.UTF_8);
        assertThat(xml).contains("EncryptedAssertion").doesNotContain("alice@acme.test");
        assertThat(Browser.location(Browser.follow(app, answer))).endsWith("/app/");
        assertThat(app.get("/app/").body()).contains("user=alice@acme.test");
    }

    @Test
    void rotateKeysWhenTheServiceProviderStillHasOldMetadataThenItRefusesUntilItReadsTheNewOne() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE), false);
        String before = idp.samlMetadata();

        idp.rotateKeys();

        assertThat(certificates(idp.samlMetadata())).hasSize(2).contains(certificates(before).get(0));
        assertThat(signInThroughTheIdp().body()).contains(JitErrorCodes.INVALID_SIGNATURE);
        app.close();
        app = new TestApp(baseUrl -> login(baseUrl, idp.samlMetadata(), false));
        assertThat(Browser.location(signInThroughTheIdp())).endsWith("/app/home");
        idp.retirePreviousKeys();
        assertThat(certificates(idp.samlMetadata())).hasSize(1).doesNotContain(certificates(before).get(0));
    }

    @Test
    void samlLogoutWhenPostedWithTheBrowsersCookiesThenTheAppEndsTheSession() throws Exception {
        start(TestIdp.builder().signingInAs(ALICE), false);
        signInThroughTheIdp();
        assertThat(app.get("/app/home").body()).contains("user=alice@acme.test");

        TestIdp.Answer logout = idp.samlLogout(idp.sessions().get(0), app.baseUrl + "/sso/saml/slo");
        HttpResponse<String> slo = Browser.follow(app, logout);

        assertThat(slo.statusCode()).isLessThan(400);
        assertThat(app.get("/app/home").statusCode()).as("signed out").isEqualTo(302);
    }

    @Test
    void samlResponseWhenUnsolicitedThenItAnswersNoRequest() throws Exception {
        start(TestIdp.builder(), false);

        TestIdp.Answer answer = idp.samlResponse(ALICE, app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs");

        String xml = new String(Base64.getDecoder().decode(answer.fields().get("SAMLResponse")), StandardCharsets.UTF_8);
        assertThat(xml).doesNotContain("InResponseTo").contains("Recipient=\"" + app.baseUrl + "/sso/saml/acs\"");
        assertThat(answer.fields()).doesNotContainKey("RelayState");
    }

    @Test
    void metadataWhenReadOverHttpThenJitReadsItAndItNamesEveryEndpoint() throws Exception {
        start(TestIdp.builder(), false);

        HttpResponse<String> metadata = Browser.get(app, idp.samlMetadataUrl());

        assertThat(metadata.headers().firstValue("Content-Type")).hasValue("application/samlmetadata+xml;charset=utf-8");
        assertThat(metadata.body()).contains("Location=\"" + idp.baseUrl() + "/saml/sso\"")
                .contains("Location=\"" + idp.baseUrl() + "/saml/slo\"");
        assertThat(SamlMetadata.parseIdentityProvider(metadata.body()).build().entityId()).isEqualTo(idp.samlEntityId());
    }

    private static List<String> certificates(String metadata) {
        return java.util.regex.Pattern.compile("<ds:X509Certificate>([^<]+)<").matcher(metadata).results()
                .map(m -> m.group(1)).toList();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
