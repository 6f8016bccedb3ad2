package io.jitprov.testidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test IdP attacked over HTTP: it must not become a way to mint signed answers for another
 * site, an open redirect, or a page that runs what it is sent, and it must refuse bad input in words.
 */
class TestIdpAttackTests {

    private static final String HOSTILE = "\"><script>alert(1)</script>nonce=\"{nonce}\"";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private TestIdp idp;

    @BeforeEach
    void start() {
        idp = TestIdp.builder().people(TestIdpSamlTests.ALICE,
                TestPerson.withEmail("mallory@acme.test").name(HOSTILE).groups(HOSTILE).build()).start();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    static String authnRequest(String acs) {
        return "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r1\" Version=\"2.0\""
                + " IssueInstant=\"2026-01-01T00:00:00Z\" AssertionConsumerServiceURL=\"" + acs + "\">"
                + "<saml:Issuer>urn:sp</saml:Issuer></samlp:AuthnRequest>";
    }

    static String deflated(String xml) {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String xml(TestIdp.Answer answer) {
        return new String(Base64.getDecoder().decode(answer.fields().get("SAMLResponse")), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return IdpRequests.get(idp, pathAndQuery);
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return IdpRequests.post(idp, path, form);
    }

    private String raw(String request) throws Exception {
        return IdpRequests.raw(idp, request);
    }

    private String ssoQuery(String acs) {
        return "/saml/sso?SAMLRequest=" + Pages.encode(deflated(authnRequest(acs)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/acs", "javascript:alert(1)", "http://127.0.0.1.evil.example/acs",
            "http://user@127.0.0.1/acs", "//127.0.0.1/acs", "data:text/html,x"})
    void ssoWhenTheAcsIsNotOnThisMachineThenNoSignedAnswerIsMade(String acs) throws Exception {
        idp.signInAs(TestIdpSamlTests.ALICE);

        HttpResponse<String> refused = get(ssoQuery(acs));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("SAMLResponse").contains("127.0.0.1 or localhost");
        assertThatThrownBy(() -> idp.answer(idp.baseUrl() + ssoQuery(acs))).isInstanceOf(IllegalArgumentException.class);
        assertThat(idp.sessions()).isEmpty();
    }

    @Test
    void ssoWhenAnOriginIsAllowedThenItsAcsIsAnsweredAndNoOther() {
        try (TestIdp open = TestIdp.builder().allowRedirectsTo("https://App.Example:8443/")
                .signingInAs(TestIdpSamlTests.ALICE).start()) {
            assertThat(open.answer(open.baseUrl() + "/saml/sso?SAMLRequest="
                    + Pages.encode(deflated(authnRequest("https://app.example:8443/acs")))).url())
                    .isEqualTo("https://app.example:8443/acs");
            assertThatThrownBy(() -> open.answer(open.baseUrl() + "/saml/sso?SAMLRequest="
                    + Pages.encode(deflated(authnRequest("https://app.example/acs")))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/cb", "javascript:alert(1)", "http://127.0.0.1/cb#frag"})
    void authorizeWhenTheRedirectUriIsNotAllowedThenNoCodeAndNoRedirect(String redirectUri) throws Exception {
        idp.signInAs(TestIdpSamlTests.ALICE);

        HttpResponse<String> refused = get("/oidc/authorize?response_type=code&scope=openid&client_id="
                + idp.clientId() + "&redirect_uri=" + Pages.encode(redirectUri) + "&state=s");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Location")).isEmpty();
        assertThat(idp.sessions()).isEmpty();
    }

    @Test
    void authorizeWhenTheClientIsUnknownOrAPlainPkceIsAskedThenRefused() throws Exception {
        idp.signInAs(TestIdpSamlTests.ALICE);
        String cb = Pages.encode("http://127.0.0.1/cb");

        HttpResponse<String> stranger = get("/oidc/authorize?response_type=code&scope=openid&client_id=other&redirect_uri="
                + cb);
        HttpResponse<String> plain = get("/oidc/authorize?response_type=code&scope=openid&client_id=" + idp.clientId()
                + "&redirect_uri=" + cb + "&code_challenge=abc&code_challenge_method=plain&state=s");
        HttpResponse<String> implicit = get("/oidc/authorize?response_type=token&scope=openid&client_id=" + idp.clientId()
                + "&redirect_uri=" + cb);
        HttpResponse<String> noOpenid = get("/oidc/authorize?response_type=code&scope=email&client_id=" + idp.clientId()
                + "&redirect_uri=" + cb);

        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(Browser.location(plain)).contains("error=invalid_request").contains("state=s").doesNotContain("code=");
        assertThat(Browser.location(implicit)).contains("error=unsupported_response_type");
        assertThat(Browser.location(noOpenid)).contains("error=invalid_scope");
    }

    @Test
    void ssoWhenTheRelayStateIsHostileThenThePageCarriesItEscapedAndRunsOnlyItsOwnScript() throws Exception {
        idp.signInAs(TestIdpSamlTests.ALICE);

        HttpResponse<String> page = get(ssoQuery("http://127.0.0.1/acs") + "&RelayState=" + Pages.encode(HOSTILE));

        Document html = Jsoup.parse(page.body());
        assertThat(html.select("script")).hasSize(1);
        assertThat(html.selectFirst("input[name=RelayState]").attr("value")).isEqualTo(HOSTILE);
        String nonce = Pattern.compile("script-src 'nonce-([^']+)'").matcher(page.headers()
                .firstValue("Content-Security-Policy").orElseThrow()).results().findFirst().orElseThrow().group(1);
        assertThat(page.body().split(Pattern.quote(nonce), -1)).as("the nonce appears on the script and style only")
                .hasSize(3);
    }

    @Test
    void pickerWhenAPersonIsPickedThenThatPersonSignsInAndThePageCannotBeUsedTwice() throws Exception {
        HttpResponse<String> picker = get(ssoQuery("http://127.0.0.1/acs") + "&RelayState=r");
        Document page = Jsoup.parse(picker.body());
        String pending = page.selectFirst("input[name=pending]").attr("value");
        assertThat(page.select("button.person")).hasSize(2);
        assertThat(page.select("script")).isEmpty();
        assertThat(page.text()).contains(HOSTILE);

        HttpResponse<String> picked = post("/saml/sso", "pending=" + pending + "&person=0&mfa=on&failure=");
        HttpResponse<String> again = post("/saml/sso", "pending=" + pending + "&person=1");

        TestIdp.Answer answer = Browser.form(picked.body());
        assertThat(answer.fields()).containsEntry("RelayState", "r");
        assertThat(xml(answer)).contains(TestIdpSamlTests.ALICE.email()).contains(TestIdp.MFA_CONTEXT);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("has been used or has expired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"person=7", "person=-1", "person=x", "person=0&failure=NOPE", "person=0&person=1"})
    void pickerWhenTheFormIsTamperedThenRefusedInWords(String tampered) throws Exception {
        String pending = Jsoup.parse(get(ssoQuery("http://127.0.0.1/acs")).body()).selectFirst("input[name=pending]")
                .attr("value");

        HttpResponse<String> refused = post("/saml/sso", "pending=" + pending + "&" + tampered);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("SAMLResponse").doesNotContain("Exception");
        assertThat(idp.sessions()).isEmpty();
    }

    @Test
    void pickerWhenAFailureIsPickedForOidcThenTheRedirectCarriesIt() throws Exception {
        String pending = Jsoup.parse(get("/oidc/authorize?response_type=code&scope=openid&client_id=" + idp.clientId()
                + "&redirect_uri=" + Pages.encode("http://127.0.0.1/cb") + "&state=s").body())
                .selectFirst("input[name=pending]").attr("value");

        HttpResponse<String> refused = post("/oidc/authorize", "pending=" + pending + "&person=0&failure=SIGN_IN_REFUSED");

        assertThat(Browser.location(refused)).startsWith("http://127.0.0.1/cb?error=access_denied").contains("state=s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "aGVsbG8=", "PHg+PC94Pg=="})
    void ssoWhenTheSamlRequestIsNotAnAuthnRequestThenRefusedInWords(String samlRequest) throws Exception {
        HttpResponse<String> refused = get("/saml/sso?SAMLRequest=" + Pages.encode(samlRequest));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("SAMLRequest").doesNotContain("Exception");
    }

    @Test
    void ssoWhenTheRequestCarriesADoctypeOrInflatesTooFarThenRefused() throws Exception {
        String xxe = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + authnRequest("http://127.0.0.1/acs")
                .replace("urn:sp", "&x;");
        String bomb = authnRequest("http://127.0.0.1/acs").replace("urn:sp", "a".repeat(200_000));

        HttpResponse<String> doctype = get("/saml/sso?SAMLRequest=" + Pages.encode(deflated(xxe)));
        HttpResponse<String> inflated = get("/saml/sso?SAMLRequest=" + Pages.encode(deflated(bomb)));
        HttpResponse<String> posted = post("/saml/sso", "SAMLRequest=" + Pages.encode(Base64.getEncoder()
                .encodeToString(xxe.getBytes(StandardCharsets.UTF_8))));

        assertThat(doctype.statusCode()).isEqualTo(400);
        assertThat(doctype.body()).doesNotContain("root:");
        assertThat(inflated.statusCode()).isEqualTo(400);
        assertThat(inflated.body()).contains("inflates past");
        assertThat(posted.statusCode()).isEqualTo(400);
    }

    @Test
    void anyEndpointWhenTheInputIsOversizedDuplicatedOrOddThenA4xxInWords() throws Exception {
        HttpResponse<String> huge = post("/oidc/token", "code=" + "a".repeat(300 * 1024));
        HttpResponse<String> twice = get("/oidc/authorize?client_id=a&client_id=b");
        String badEscape = raw("GET /oidc/authorize?client_id=%zz HTTP/1.0\r\n\r\n");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(idp.baseUrl() + "/saml/sso"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tokenByGet = get("/oidc/token");
        HttpResponse<String> nowhere = get("/../etc/passwd");

        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("client_id is given twice");
        assertThat(badEscape).as("the JDK server refuses it before the IdP sees it").startsWith("HTTP/1.1 400");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(tokenByGet.statusCode()).isEqualTo(405);
        assertThat(nowhere.statusCode()).isEqualTo(404);
    }

    @Test
    void tokenWhenTheClientAuthenticationIsMalformedThenInvalidClient() throws Exception {
        HttpResponse<String> garbled = http.send(HttpRequest.newBuilder(URI.create(idp.oidcIssuer() + "/token"))
                .header("Authorization", "Basic %%%").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> posted = post("/oidc/token", "grant_type=authorization_code&code=x&client_id="
                + idp.clientId() + "&client_secret=" + idp.clientSecret());

        assertThat(garbled.statusCode()).isEqualTo(401);
        assertThat(posted.statusCode()).as("client_secret_post is understood; the code is not").isEqualTo(400);
        assertThat(posted.body()).contains("invalid_grant");
    }

    @Test
    void tokenWhenTheClientIsPublicThenPkceIsItsProofAndASecretIsRefused() throws Exception {
        try (TestIdp open = TestIdp.builder().publicClient("spa").signingInAs(TestIdpSamlTests.ALICE).start()) {
            String verifier = "v".repeat(43);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String authorize = open.oidcIssuer() + "/authorize?response_type=code&scope=openid&client_id=spa"
                    + "&redirect_uri=" + Pages.encode("http://127.0.0.1/cb") + "&state=s";
            String noPkce = open.answer(authorize).url();
            String code = TestIdpOidcTests.query(open.answer(authorize + "&code_challenge=" + challenge
                    + "&code_challenge_method=S256").url()).get("code");
            String withSecret = "grant_type=authorization_code&client_id=spa&client_secret=guess&redirect_uri="
                    + Pages.encode("http://127.0.0.1/cb") + "&code_verifier=" + verifier + "&code=";
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(open.oidcIssuer() + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(withSecret + Pages.encode(code))).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> redeemed = http.send(HttpRequest.newBuilder(URI.create(open.oidcIssuer() + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(withSecret.replace("&client_secret=guess", "")
                            + Pages.encode(code))).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(noPkce).contains("error=invalid_request");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(redeemed.statusCode()).isEqualTo(200);
            assertThatThrownBy(open::clientSecret).isInstanceOf(IllegalStateException.class)
                    .hasMessage("The client spa is public: it has no secret");
        }
    }

    @Test
    void pickerWhenGroupsAreGivenThenTheyReplaceThePersonsGroups() throws Exception {
        String pending = Jsoup.parse(get(ssoQuery("http://127.0.0.1/acs")).body()).selectFirst("input[name=pending]")
                .attr("value");

        HttpResponse<String> picked = post("/saml/sso", "pending=" + pending + "&person=0&groups="
                + Pages.encode(" ops , ,night-shift "));

        String xml = xml(Browser.form(picked.body()));
        assertThat(xml).contains(">ops<").contains(">night-shift<").doesNotContain("acme-admins");
    }

    @Test
    void answerWhenAskedForAnythingButASignInThenIllegalArgument() {
        idp.signInAs(TestIdpSamlTests.ALICE);

        assertThatThrownBy(() -> idp.answer("https://evil.example/saml/sso?SAMLRequest=x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> idp.answer(idp.baseUrl() + "/saml/sso?SAMLRequest=%%"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(idp.sessions()).isEmpty();
    }
}
