package io.jitprov.testidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fresh-eyes review of the test IdP: attacks over real HTTP, and the spec shapes jit relies on.
 * Tests named ...Bug... failed before the fix that goes with them.
 */
class TestIdpFreshEyesTests {

    private static final TestPerson ALICE = TestIdpSamlTests.ALICE;
    private static final String CB = "http://127.0.0.1/cb";

    /** For the @Nested lifecycle tests below: one IdP for the whole class, as the guide shows. */
    @RegisterExtension
    static final TestIdpExtension SHARED = TestIdpExtension.with(b -> b.signingInAs(ALICE));
    private static String sharedBaseUrl;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private TestIdp idp;

    @BeforeAll
    static void readTheSharedIdp() {
        sharedBaseUrl = SHARED.get().baseUrl();
    }

    @BeforeEach
    void start() {
        idp = TestIdp.builder().people(ALICE, TestIdpSamlTests.BOB).start();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Problems found
    // ---------------------------------------------------------------------------------------------

    /** Basic credentials are form-urlencoded (RFC 6749 §2.3.1); a bad escape is the client's fault, not a 500. */
    @Test
    void tokenWhenBasicCredentialsAreBadlyPercentEncodedThenInvalidClientNotA500() throws Exception {
        HttpResponse<String> garbled = http.send(HttpRequest.newBuilder(URI.create(idp.oidcIssuer() + "/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "%zz:secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(garbled.statusCode()).isEqualTo(401);
        assertThat(garbled.body()).contains("invalid_client");
    }

    /**
     * DNS rebinding: a page at http://rebind.evil.example:PORT whose name now resolves to 127.0.0.1
     * talks to the IdP same-origin and reads the signed answers. The IdP must answer only requests
     * addressed to this machine by name.
     */
    @Test
    void anyEndpointWhenTheHostHeaderNamesAnotherSiteThenNoSignedAnswer() throws Exception {
        idp.signInAs(ALICE);
        int port = URI.create(idp.baseUrl()).getPort();
        String sso = "/saml/sso?SAMLRequest=" + Pages.encode(TestIdpAttackTests.deflated(
                TestIdpAttackTests.authnRequest("http://127.0.0.1/acs")));

        String rebound = raw("GET " + sso + " HTTP/1.1\r\nHost: rebind.evil.example:" + port
                + "\r\nConnection: close\r\n\r\n");
        String local = raw("GET " + sso + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n");
        String numeric = raw("GET /oidc/jwks HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");

        assertThat(rebound).doesNotContain("SAMLResponse").startsWith("HTTP/1.1 4");
        assertThat(local).startsWith("HTTP/1.1 200").contains("SAMLResponse");
        assertThat(numeric).startsWith("HTTP/1.1 200");
    }

    /** Eight clients that stall mid-request must not leave everyone else waiting forever. */
    @Test
    @Timeout(60)
    void anyEndpointWhenSlowClientsHoldEveryWorkerThenOthersAreStillAnswered() throws Exception {
        URI base = URI.create(idp.baseUrl());
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.getOutputStream().write(("POST /oidc/token HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncode=")
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            Thread.sleep(300);

            HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(URI.create(idp.samlMetadataUrl()))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(metadata.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** A failure asked for applies to the next sign-in the IdP answers, not to a SAML request it refused. */
    @Test
    void failNextWhenASamlRequestIsRefusedThenTheFailureWaitsForTheNextSignIn() throws Exception {
        idp.signInAs(ALICE).failNext(TestIdp.Failure.EXPIRED);
        String elsewhere = idp.baseUrl() + "/saml/sso?SAMLRequest=" + Pages.encode(TestIdpAttackTests.deflated(
                TestIdpAttackTests.authnRequest("https://evil.example/acs")));
        assertThatThrownBy(() -> idp.answer(elsewhere)).isInstanceOf(IllegalArgumentException.class);

        String xml = TestIdpAttackTests.xml(idp.answer(idp.baseUrl() + "/saml/sso?SAMLRequest="
                + Pages.encode(TestIdpAttackTests.deflated(TestIdpAttackTests.authnRequest("http://127.0.0.1/acs")))));

        java.util.regex.Matcher notOnOrAfter = java.util.regex.Pattern.compile("<saml2:Conditions [^>]*NotOnOrAfter=\"([^\"]+)\"")
                .matcher(xml);
        assertThat(notOnOrAfter.find()).as(xml).isTrue();
        assertThat(java.time.Instant.parse(notOnOrAfter.group(1))).as("the refused request did not use EXPIRED up")
                .isBefore(java.time.Instant.now());
    }

    /** The same for an authorization request refused in words (unknown client). */
    @Test
    void failNextWhenAnAuthorizationRequestIsRefusedThenTheFailureWaitsForTheNextSignIn() throws Exception {
        idp.signInAs(ALICE).failNext(TestIdp.Failure.WRONG_AUDIENCE);
        String badClient = idp.oidcIssuer() + "/authorize?response_type=code&scope=openid&client_id=other"
                + "&redirect_uri=" + Pages.encode(CB);
        assertThatThrownBy(() -> idp.answer(badClient)).isInstanceOf(IllegalArgumentException.class);

        String code = TestIdpOidcTests.query(idp.answer(authorize("")).url()).get("code");
        JWTClaimsSet claims = idToken(redeem(code, null, true));

        assertThat(claims.getAudience()).as("the refused request did not use WRONG_AUDIENCE up")
                .containsExactly("another-client");
    }

    /** RFC 9700 §2.1.1 / OAuth 2.1: a code_verifier for a code issued without a challenge is a PKCE downgrade. */
    @Test
    void tokenWhenACodeIssuedWithoutPkceIsRedeemedWithAVerifierThenInvalidGrant() throws Exception {
        idp.signInAs(ALICE);
        String code = TestIdpOidcTests.query(idp.answer(authorize("")).url()).get("code");

        HttpResponse<String> downgraded = redeem(code, "v".repeat(43), true);

        assertThat(downgraded.statusCode()).isEqualTo(400);
        assertThat(downgraded.body()).contains("invalid_grant");
    }

    /** Back-Channel Logout 1.0 (final, 2022) §2.4: exp is REQUIRED in a logout token. */
    @Test
    void backChannelLogoutWhenALogoutTokenIsMadeThenItCarriesExp() throws Exception {
        idp.signInAs(ALICE);
        idp.answer(authorize(""));
        SignedJWT token = SignedJWT.parse(idp.oidc().logoutToken(idp.sessions().get(0)));

        assertThat(token.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
        assertThat(token.getJWTClaimsSet().getExpirationTime()).isAfter(token.getJWTClaimsSet().getIssueTime());
    }

    /** A people file that is JSON but not the expected shape is a bad file (exit 1), never a crash or a usage error. */
    @ParameterizedTest
    @ValueSource(strings = {"[null]", "[{\"email\": \"a@b.test\", \"subject\": \"\"}]"})
    void standaloneWhenThePeopleFileHasOddEntriesThenExitOneInWords(String json, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("people.json"), json);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        Standalone.Outcome outcome = Standalone.start(new String[] {"--port", "0", "--people", file.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(outcome.idp()).isNull();
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("people file");
    }

    /** With -Djava.net.preferIPv6Addresses=true the IdP listened on [::1] while every URL it gave named 127.0.0.1. */
    @Test
    @Timeout(120)
    void standaloneWhenTheJvmPrefersIpv6ThenTheUrlsItPrintsAnswer() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv6Addresses=true", "-cp", System.getProperty("java.class.path"),
                TestIdp.class.getName(), "--port", "0").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("its first line").isNotNull().startsWith("jit test IdP on http://127.0.0.1:");
            String baseUrl = first.substring("jit test IdP on ".length(), first.indexOf(' ', "jit test IdP on ".length()));

            HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/saml/metadata"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(metadata.statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * On an instance field, JUnit calls afterEach but never beforeAll/afterAll: each test's IdP
     * (started by get()) was never closed, a listening port and threads leaked per test.
     */
    @Test
    void extensionWhenRegisteredOnAnInstanceFieldThenEachTestsIdpIsClosed() throws Exception {
        TestIdpExtension perTest = TestIdpExtension.with(b -> { });
        TestIdp started = perTest.get();

        perTest.afterEach(null);

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(started.samlMetadataUrl()))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.ConnectException.class);
        assertThat(perTest.get()).isNotSameAs(started);
        perTest.afterAll(null);
    }

    /**
     * The guide's pattern (a static extension field, URLs read in @BeforeAll) with @Nested classes:
     * the extension's afterAll ran at the end of the first nested class and stopped the outer IdP;
     * the next nested class got a new IdP on another port, which the application was not told.
     */
    @Nested
    class FirstNestedClass {
        @Test
        void theOuterIdpIsStillTheOne() {
            assertThat(SHARED.get().baseUrl()).isEqualTo(sharedBaseUrl);
        }
    }

    @Nested
    class SecondNestedClass {
        @Test
        void theOuterIdpIsStillTheOne() {
            assertThat(SHARED.get().baseUrl()).isEqualTo(sharedBaseUrl);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Checked and sound
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1\\@evil.example/cb", "http://evil.example\\@127.0.0.1/cb", "http://127.0.0.1@evil.example/cb",
            "http://evil.example#@127.0.0.1/cb", "http://127.0.0.1:80@evil.example/cb", "http://localhost.evil.example/cb",
            "http://LOCALHOST.evil.example/cb", "http://127.0.0.1.evil.example/cb", "http://localhost%2eevil.example/cb",
            "http://%6c%6fcalhost/cb", "http://127.0.0.1%00.evil.example/cb", "http://[::1]@evil.example/cb",
            "http://[::1%25evil.example]/cb", "http:/127.0.0.1/cb", "http:127.0.0.1/cb", "http:///127.0.0.1/cb",
            "//127.0.0.1/cb", "ftp://127.0.0.1/cb", "jAvAsCrIpT:alert(1)//127.0.0.1", "http://127.0.0.1 /cb",
            "http://127.0.0.1\t/cb", "http://127.0.0.1\n.evil.example/cb", "http://ⓛocalhost/cb", "http://127.0.0.1／evil.example/cb",
            "http://0x7f.0.0.1/cb", "http://2130706433/cb", "http://127.1/cb", "http://[::ffff:127.0.0.1]/cb",
            "https://app.example.evil/cb", "https://app.example:8444/cb", "http://app.example:8443/cb",
            "https://app.example:8443@evil.example/cb", "https://evil.example/cb#https://app.example:8443"})
    void redirectTargetsWhenTheAddressOnlyLooksLocalThenRefused(String url) {
        RedirectTargets targets = new RedirectTargets(List.of("https://app.example:8443"));

        assertThat(targets.allows(url)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/cb", "HTTP://LOCALHOST:9/cb?x=1", "https://[::1]:8443/cb",
            "https://APP.example:8443/acs"})
    void redirectTargetsWhenTheAddressIsLocalOrAllowedThenAnswered(String url) {
        assertThat(new RedirectTargets(List.of("https://app.example:8443")).allows(url)).isTrue();
    }

    @Test
    void authorizeWhenTheRedirectUriIsRefusedOverHttpThenNoLocationAndNoCode() throws Exception {
        idp.signInAs(ALICE);
        for (String redirect : List.of("http://127.0.0.1\\@evil.example/cb", "http://localhost.evil.example/cb",
                "http://127.0.0.1@evil.example/", "http://evil.example#@127.0.0.1/")) {
            HttpResponse<String> refused = get("/oidc/authorize?response_type=code&scope=openid&client_id="
                    + idp.clientId() + "&redirect_uri=" + Pages.encode(redirect) + "&state=s");
            HttpResponse<String> logout = get("/oidc/logout?post_logout_redirect_uri=" + Pages.encode(redirect));

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Location")).isEmpty();
            assertThat(logout.headers().firstValue("Location")).as("no open redirect").isEmpty();
        }
        assertThat(idp.sessions()).isEmpty();
    }

    @Test
    void tokenWhenTheRedirectUriOrVerifierDifferThenTheCodeIsRefusedAndUsedUp() throws Exception {
        idp.signInAs(ALICE);
        String verifier = "v".repeat(43);
        String code = TestIdpOidcTests.query(idp.answer(authorize(challenge(verifier))).url()).get("code");
        String code2 = TestIdpOidcTests.query(idp.answer(authorize(challenge(verifier))).url()).get("code");

        HttpResponse<String> otherRedirect = post("/oidc/token", "grant_type=authorization_code&code="
                + Pages.encode(code) + "&redirect_uri=" + Pages.encode("http://127.0.0.1/cb2") + "&code_verifier="
                + verifier + "&client_id=" + idp.clientId() + "&client_secret=" + idp.clientSecret());
        HttpResponse<String> retried = redeem(code, verifier, true);
        HttpResponse<String> noVerifier = redeem(code2, null, false);
        HttpResponse<String> retried2 = redeem(code2, verifier, false);

        assertThat(otherRedirect.body()).contains("invalid_grant");
        assertThat(retried.body()).as("a refused redemption uses the code up").contains("invalid_grant");
        assertThat(noVerifier.body()).contains("invalid_grant");
        assertThat(retried2.body()).contains("invalid_grant");
    }

    @Test
    void tokenWhenTheSameCodeIsRedeemedInParallelThenOnceOnly() throws Exception {
        idp.signInAs(ALICE);
        String code = TestIdpOidcTests.query(idp.answer(authorize("")).url()).get("code");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> tries = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                tries.add(() -> redeem(code, null, true).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(tries)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 400).hasSize(31);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pickerWhenThePendingKeyIsPostedInParallelThenOneAnswerOnly() throws Exception {
        String pending = Jsoup.parse(get("/saml/sso?SAMLRequest=" + Pages.encode(TestIdpAttackTests.deflated(
                TestIdpAttackTests.authnRequest("http://127.0.0.1/acs")))).body()).selectFirst("input[name=pending]")
                .attr("value");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<HttpResponse<String>>> tries = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                tries.add(() -> post("/saml/sso", "pending=" + pending + "&person=0"));
            }
            int answered = 0;
            for (Future<HttpResponse<String>> f : pool.invokeAll(tries)) {
                answered += f.get().body().contains("SAMLResponse") ? 1 : 0;
            }
            assertThat(answered).isEqualTo(1);
            assertThat(idp.sessions()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tokenWhenTheClientAuthenticatesThenTheIdTokenHasTheClaimsJitChecks() throws Exception {
        idp.signInAs(ALICE.toBuilder().mfa(true).build());
        String code = TestIdpOidcTests.query(idp.answer(authorize("")).url()).get("code");

        HttpResponse<String> tokens = redeem(code, null, false);
        Map<String, Object> json = JSONObjectUtils.parse(tokens.body());
        SignedJWT jwt = SignedJWT.parse((String) json.get("id_token"));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(tokens.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(claims.getStringClaim("at_hash")).isEqualTo(AccessTokenHash.compute(
                new BearerAccessToken((String) json.get("access_token")), JWSAlgorithm.RS256).getValue());
        assertThat(claims.getStringClaim("nonce")).isEqualTo("n-1");
        assertThat(claims.getStringClaim("sid")).isEqualTo(idp.sessions().get(0).id());
        assertThat(claims.getLongClaim("auth_time")).isLessThanOrEqualTo(claims.getIssueTime().getTime() / 1000);
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "mfa");
        assertThat(claims.getIssuer()).isEqualTo(idp.oidcIssuer());
        assertThat(claims.getAudience()).containsExactly(idp.clientId());
        SignedJWT logout = SignedJWT.parse(idp.oidc().logoutToken(idp.sessions().get(0)));
        assertThat(logout.getJWTClaimsSet().getClaim("nonce")).isNull();
        assertThat(logout.getJWTClaimsSet().getJSONObjectClaim("events")).containsKey(OidcSide.BACKCHANNEL_LOGOUT_EVENT);
    }

    @Test
    void ssoWhenAnsweredThenTheAssertionIsSignedRightAfterItsIssuerAndTheResponseIsNot() throws Exception {
        idp.signInAs(ALICE);
        String xml = TestIdpAttackTests.xml(idp.answer(idp.baseUrl() + "/saml/sso?SAMLRequest=" + Pages.encode(
                TestIdpAttackTests.deflated(TestIdpAttackTests.authnRequest("http://127.0.0.1/acs")))));
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        org.w3c.dom.Element response = doc.getDocumentElement();
        org.w3c.dom.Element assertion = (org.w3c.dom.Element) response.getElementsByTagNameNS(
                "urn:oasis:names:tc:SAML:2.0:assertion", "Assertion").item(0);
        List<String> children = new ArrayList<>();
        for (org.w3c.dom.Node n = assertion.getFirstChild(); n != null; n = n.getNextSibling()) {
            children.add(n.getLocalName());
        }

        assertThat(children).containsExactly("Issuer", "Signature", "Subject", "Conditions", "AuthnStatement",
                "AttributeStatement");
        assertThat(response.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").getLength())
                .isEqualTo(1);
        assertThat(response.getAttribute("InResponseTo")).isEqualTo("_r1");
        assertThat(response.getAttribute("Destination")).isEqualTo("http://127.0.0.1/acs");
    }

    @Test
    void anyEndpointWhenInputIsHostileThenA4xxInWordsNeverA500() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(get("/saml/sso?SAMLRequest=" + Pages.encode(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))));
        answers.add(post("/saml/sso", "SAMLRequest=" + Pages.encode(Base64.getEncoder().encodeToString(
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?><x/>".getBytes(StandardCharsets.UTF_8)))));
        answers.add(post("/saml/sso", "SAMLRequest=" + Pages.encode(Base64.getEncoder().encodeToString(
                TestIdpAttackTests.authnRequest("http://127.0.0.1/acs").replace("ID=\"_r1\"", "")
                        .getBytes(StandardCharsets.UTF_8)))));
        answers.add(post("/saml/sso", "SAMLRequest=" + Pages.encode(Base64.getEncoder().encodeToString(
                TestIdpAttackTests.authnRequest("http://127.0.0.1/acs").replace("ID=\"_r1\"",
                        "ID=\"_r1\" ProtocolBinding=\"<script>\"").getBytes(StandardCharsets.UTF_8)))));
        answers.add(post("/oidc/authorize", "pending=x&person=0"));
        answers.add(post("/oidc/token", "grant_type=authorization_code&code=a&code=b"));
        answers.add(post("/oidc/token", "%=x"));
        answers.add(get("/oidc/userinfo"));
        answers.add(get("/saml/sso?SAMLRequest=" + Pages.encode("A".repeat(60_000))));

        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.uri() + " " + answer.body()).isBetween(400, 499);
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("<script>");
        }
    }

    @Test
    void closeWhenCalledTwiceThenQuietAndThePortIsFree() {
        TestIdp once = TestIdp.start();
        int port = URI.create(once.baseUrl()).getPort();
        once.close();

        assertThatCode(once::close).doesNotThrowAnyException();
        try (TestIdp again = TestIdp.builder().port(port).start()) {
            assertThat(again.baseUrl()).endsWith(":" + port);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private String authorize(String challenge) {
        return idp.oidcIssuer() + "/authorize?response_type=code&scope=openid&client_id=" + idp.clientId()
                + "&redirect_uri=" + Pages.encode(CB) + "&state=s-1&nonce=n-1"
                + (challenge.isEmpty() ? "" : "&code_challenge=" + challenge + "&code_challenge_method=S256");
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private HttpResponse<String> redeem(String code, String verifier, boolean basic) throws Exception {
        String form = "grant_type=authorization_code&code=" + Pages.encode(code) + "&redirect_uri=" + Pages.encode(CB)
                + (verifier == null ? "" : "&code_verifier=" + verifier)
                + (basic ? "" : "&client_id=" + idp.clientId() + "&client_secret=" + idp.clientSecret());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(idp.oidcIssuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (basic) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (idp.clientId() + ":" + idp.clientSecret()).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JWTClaimsSet idToken(HttpResponse<String> tokens) throws Exception {
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return SignedJWT.parse((String) JSONObjectUtils.parse(tokens.body()).get("id_token")).getJWTClaimsSet();
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
}
