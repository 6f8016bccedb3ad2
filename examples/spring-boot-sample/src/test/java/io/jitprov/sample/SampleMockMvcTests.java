package io.jitprov.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestIdpExtension;
import io.jitprov.testidp.TestPerson;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The sample with MockMvc: people sign in through a test IdP (SAML for acme, OpenID Connect for
 * globex) and reach what their roles allow.
 */
@SpringBootTest(properties = {"sample.dev-idp.enabled=false", "jit.base-url=http://localhost",
        "spring.datasource.url=jdbc:h2:mem:sample-mockmvc;DB_CLOSE_DELAY=-1"})
@AutoConfigureMockMvc
class SampleMockMvcTests {

    static final TestPerson ALICE = TestPerson.withEmail("alice@acme.test").groups("acme-staff", "acme-admins").build();
    static final TestPerson BOB = TestPerson.withEmail("bob@acme.test").groups("acme-staff").build();
    static final TestPerson CAROL = TestPerson.withEmail("carol@globex.test").groups("globex-admins").build();

    @RegisterExtension
    static final TestIdpExtension IDP = TestIdpExtension.with(b -> b.publicClient(DevIdpConfiguration.CLIENT_ID));

    @DynamicPropertySource
    static void idp(DynamicPropertyRegistry properties) {
        properties.add("sample.idp-url", () -> IDP.get().baseUrl());
    }

    @Autowired
    MockMvc mvc;

    /** Signs {@code person} in through the test IdP; returns the session jit started for them. */
    private MockHttpSession signIn(TestPerson person) throws Exception {
        IDP.get().signInAs(person);
        MockHttpSession before = new MockHttpSession();
        MvcResult login = mvc.perform(form(post("/sso/login"), Map.of("email", person.email(), "return", "/dashboard"))
                .session(before).accept("text/html")).andReturn();
        assertThat(login.getResponse().getStatus()).as(login.getResponse().getContentAsString()).isEqualTo(302);
        TestIdp.Answer answer = IDP.get().answer(login.getResponse().getRedirectedUrl());
        MockHttpServletRequestBuilder back = answer.method().equals("POST")
                ? form(post(URI.create(answer.url())), answer.fields()) : get(URI.create(answer.url()));
        MvcResult arrived = mvc.perform(back.session(before).accept("text/html")).andReturn();
        assertThat(arrived.getResponse().getRedirectedUrl()).isEqualTo("/dashboard");
        return (MockHttpSession) arrived.getRequest().getSession(false);
    }

    /**
     * A form in the request's body, as a browser sends it: jit reads its endpoints' forms from the
     * body itself, within its own limits, so MockMvc's {@code param(...)} would not reach it.
     */
    private static MockHttpServletRequestBuilder form(MockHttpServletRequestBuilder request, Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return request.contentType(MediaType.APPLICATION_FORM_URLENCODED).content(body.toString());
    }

    private String page(String path, MockHttpSession session) throws Exception {
        return mvc.perform(get(path).session(session).accept("text/html")).andReturn().getResponse().getContentAsString();
    }

    @Test
    void theDashboardSendsAStrangerToJitsSignIn() throws Exception {
        MvcResult challenged = mvc.perform(get("/dashboard").accept("text/html")).andReturn();

        assertThat(challenged.getResponse().getStatus()).isEqualTo(302);
        assertThat(challenged.getResponse().getRedirectedUrl()).isEqualTo("/sso/login?return=%2Fdashboard");
        assertThat(mvc.perform(get("/").accept("text/html")).andReturn().getResponse().getContentAsString())
                .contains("Sign in with your organisation");
    }

    @Test
    void aliceSignsInThroughSamlAndIsAnAdmin() throws Exception {
        MockHttpSession alice = signIn(ALICE);

        assertThat(page("/dashboard", alice)).contains("alice@acme.test").contains("<dd id=\"tenant\">acme</dd>")
                .contains("<li>ROLE_admin</li>").contains("<li>ROLE_member</li>");
        assertThat(page("/admin", alice)).contains("Every account in your tenant, for admins only.");
    }

    @Test
    void actuatorShowsJitsSignInsToAnAdminAndToNobodyElse() throws Exception {
        MockHttpSession alice = signIn(ALICE);
        MockHttpSession bob = signIn(BOB);

        String metrics = mvc.perform(get("/actuator/metrics/jit.sign.ins").session(alice).accept("application/json"))
                .andReturn().getResponse().getContentAsString();

        assertThat(metrics).contains("\"name\":\"jit.sign.ins\"").contains("\"outcome\"").contains("\"protocol\"");
        assertThat(mvc.perform(get("/actuator/metrics/jit.sign.ins").session(bob)).andReturn().getResponse().getStatus())
                .isEqualTo(403);
        assertThat(mvc.perform(get("/actuator/metrics/jit.sign.ins").accept("application/json")).andReturn().getResponse()
                .getStatus()).isEqualTo(401);
    }

    @Test
    void actuatorsHealthHasJitsPartWithItsStoreAndTheIdpMetadataRead() throws Exception {
        MockHttpSession alice = signIn(ALICE);

        String health = mvc.perform(get("/actuator/health/jit").session(alice).accept("application/json"))
                .andReturn().getResponse().getContentAsString();

        assertThat(health).contains("\"status\":\"UP\"").contains("\"store\":\"up\"")
                .contains("\"idpDocumentsFailing\":[]");
        assertThat(mvc.perform(get("/actuator/health/jit").session(signIn(BOB))).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }

    @Test
    void bobIsAMemberAndRefusedTheAdminPage() throws Exception {
        MockHttpSession bob = signIn(BOB);

        assertThat(page("/dashboard", bob)).contains("<li>ROLE_member</li>").doesNotContain("ROLE_admin");
        assertThat(mvc.perform(get("/admin").session(bob).accept("text/html")).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }

    @Test
    void carolSignsInThroughOpenIdConnectIntoHerOwnTenant() throws Exception {
        MockHttpSession carol = signIn(CAROL);

        assertThat(page("/dashboard", carol)).contains("<dd id=\"tenant\">globex</dd>")
                .contains("<dd id=\"issuer\">" + IDP.get().oidcIssuer() + "</dd>").contains("<li>ROLE_admin</li>");
    }

    @Test
    void anExpiredAssertionIsRefusedInWordsAndNobodyIsSignedIn() throws Exception {
        IDP.get().signInAs(ALICE).failNext(TestIdp.Failure.EXPIRED);
        MockHttpSession before = new MockHttpSession();
        MvcResult login = mvc.perform(form(post("/sso/login"), Map.of("email", "alice@acme.test")).session(before)
                .accept("text/html")).andReturn();
        TestIdp.Answer answer = IDP.get().answer(login.getResponse().getRedirectedUrl());
        MockHttpServletRequestBuilder acs = form(post(URI.create(answer.url())), answer.fields()).session(before)
                .accept("text/html");

        MvcResult refused = mvc.perform(acs).andReturn();

        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(refused.getResponse().getContentAsString()).contains("assertion_expired");
        assertThat(mvc.perform(get("/dashboard").session(before).accept("text/html")).andReturn().getResponse()
                .getStatus()).isEqualTo(302);
    }
}
