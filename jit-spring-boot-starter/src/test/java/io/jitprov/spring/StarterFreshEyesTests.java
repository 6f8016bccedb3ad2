package io.jitprov.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestIdpExtension;
import io.jitprov.testidp.TestPerson;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A reviewer's attacks on the starter, in a real Tomcat with Spring Security, people signing in
 * through the test IdP with real signed answers; raw sockets where a client would tidy a path.
 */
@SpringBootTest(classes = StarterFreshEyesTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class StarterFreshEyesTests {

    static final TestPerson ALICE = TestPerson.withEmail("alice@acme.test").groups("acme-admins").build();
    static final TestPerson BOB = TestPerson.withEmail("bob@acme.test").groups("acme-staff").build();
    static final int PORT = BootBrowser.freePort();

    @RegisterExtension
    static final TestIdpExtension IDP = TestIdpExtension.with(b -> { });

    @Autowired
    DataSource dataSource;

    private final BootBrowser browser = new BootBrowser(PORT);

    /** An application with its own chain, as docs/spring-boot.md shows, and a few more pages to attack. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableMethodSecurity
    @Import(App.Pages.class)
    static class App {

        @Bean
        SecurityFilterChain app(HttpSecurity http) throws Exception {
            return http.with(JitSecurityConfigurer.jit(), withDefaults())
                    .authorizeHttpRequests(requests -> requests
                            .requestMatchers("/public/**", "/error").permitAll()
                            .requestMatchers("/admin/**").hasRole("admin")
                            .anyRequest().authenticated())
                    .build();
        }

        @RestController
        static class Pages {

            /** A public page with a form: it shows Spring's CSRF token to whoever asks, as such pages do. */
            @GetMapping("/public/form")
            String form(CsrfToken csrf) {
                return csrf.getToken();
            }

            @GetMapping("/me")
            String me(Authentication authentication) {
                return "name=" + authentication.getName() + " authorities=" + authentication.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority).sorted().collect(Collectors.joining(","));
            }

            @PostMapping("/transfer")
            String transfer(Authentication authentication) {
                return "transferred by " + authentication.getName();
            }

            @GetMapping("/admin/report")
            String report() {
                return "the admin report";
            }

            @GetMapping("/boom")
            String boom() {
                throw new IllegalStateException("internal detail jdbc:h2:mem:secret-db");
            }

            @GetMapping("/async")
            Callable<String> async() {
                return () -> {
                    Thread.sleep(1500);
                    Authentication who = SecurityContextHolder.getContext().getAuthentication();
                    return "async for " + (who == null ? "nobody" : who.getName());
                };
            }
        }
    }

    @DynamicPropertySource
    static void jit(DynamicPropertyRegistry properties) {
        BootBrowser.oneTenant(properties, PORT, IDP);
        properties.add("server.address", () -> "127.0.0.1");
        properties.add("spring.mvc.async.request-timeout", () -> "10000");
    }

    @BeforeEach
    void signOutOfEverything() {
        browser.forget();
    }

    // ---------------------------------------------------------------- session fixation, CSRF

    /**
     * Session fixation meets Spring's CSRF token: whoever fixed the session before the sign-in knows
     * its Spring CSRF token (any public page with a form shows it); jit renames the session at
     * sign-in and resets its own token, but Spring's stays, so the attacker's page can post to the
     * application as the victim. Spring's own logins rotate it (CsrfAuthenticationStrategy).
     */
    @Test
    void aSpringCsrfTokenLearntBeforeTheSignInIsWorthlessAfterIt() throws Exception {
        String planted = get("/public/form").body();
        String fixedSession = session();

        signIn(ALICE);

        assertThat(session()).as("jit renamed the fixed session").isNotEqualTo(fixedSession);
        HttpResponse<String> forged = post("/transfer", Map.of("_csrf", planted));
        assertThat(forged.statusCode()).as("a post carrying the token planted before the sign-in: " + forged.body())
                .isEqualTo(403);
    }

    @Test
    void springsCsrfStillGuardsTheApplicationsOwnEndpointsWhenSignedIn() throws Exception {
        signIn(ALICE);

        assertThat(post("/transfer", Map.of()).statusCode()).isEqualTo(403);
        String token = get("/public/form").body();
        assertThat(post("/transfer", Map.of("_csrf", token)).body()).isEqualTo("transferred by alice@acme.test");
    }

    @Test
    void signingOutThroughJitEndsAccessEvenWithTheOldSessionCookie() throws Exception {
        signIn(ALICE);
        String old = session();
        String csrf = get("/sso/logout").body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        post("/sso/logout", Map.of("csrf", csrf));

        assertThat(get("/me").statusCode()).isEqualTo(302);
        browser.forget();
        assertThat(raw("GET /me HTTP/1.1", "Cookie: JSESSIONID=" + old, "Accept: text/html")).startsWith("HTTP/1.1 302");
    }

    // ---------------------------------------------------------------- forged, replayed answers

    @Test
    void forgedAndMisaddressedSamlAnswersAuthenticateNobody() throws Exception {
        for (TestIdp.Failure failure : List.of(TestIdp.Failure.UNKNOWN_KEY, TestIdp.Failure.WRONG_AUDIENCE,
                TestIdp.Failure.WRONG_RECIPIENT, TestIdp.Failure.EXPIRED, TestIdp.Failure.SIGN_IN_REFUSED)) {
            browser.forget();
            IDP.get().signInAs(ALICE).failNext(failure);
            HttpResponse<String> login = post("/sso/login", Map.of("email", ALICE.email(), "return", "/me"));
            TestIdp.Answer answer = IDP.get().answer(login.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> back = post(answer.url(), answer.fields());

            assertThat(back.statusCode()).as(failure + ": " + back.body()).isBetween(400, 499);
            assertThat(get("/me").statusCode()).as(failure.name()).isEqualTo(302);
        }
    }

    @Test
    void aReplayedAnswerInAnotherBrowserAuthenticatesNobody() throws Exception {
        IDP.get().signInAs(ALICE);
        HttpResponse<String> login = post("/sso/login", Map.of("email", ALICE.email(), "return", "/me"));
        TestIdp.Answer answer = IDP.get().answer(login.headers().firstValue("Location").orElseThrow());
        assertThat(post(answer.url(), answer.fields()).statusCode()).isEqualTo(302);
        assertThat(get("/me").statusCode()).isEqualTo(200);

        browser.forget();
        HttpResponse<String> replayed = post(answer.url(), answer.fields());
        assertThat(replayed.statusCode()).isBetween(400, 499);
        assertThat(get("/me").statusCode()).isEqualTo(302);

        browser.forget();
        TestIdp.Answer unsolicited = IDP.get().samlResponse(ALICE, base() + "/sso/saml", base() + "/sso/saml/acs");
        HttpResponse<String> idpInitiated = post(unsolicited.url(), unsolicited.fields());
        if (idpInitiated.statusCode() == 302) {
            // IdP-initiated sign-in accepted: then the same answer must not work twice.
            browser.forget();
            assertThat(post(unsolicited.url(), unsolicited.fields()).statusCode()).isBetween(400, 499);
            assertThat(get("/me").statusCode()).isEqualTo(302);
        }
    }

    // ---------------------------------------------------------------- accounts and roles change

    @Test
    void aDisabledAccountIsSignedOutAtTheNextRequest() throws Exception {
        signIn(BOB);
        assertThat(get("/me").statusCode()).isEqualTo(200);

        new JdbcTemplate(dataSource).update("UPDATE jit_account SET status = 'DISABLED' WHERE email = ?", BOB.email());
        try {
            assertThat(get("/me").statusCode()).isEqualTo(302);
            assertThat(post("/transfer", Map.of()).statusCode()).isIn(401, 403);
        } finally {
            new JdbcTemplate(dataSource).update("UPDATE jit_account SET status = 'ACTIVE' WHERE email = ?", BOB.email());
        }
    }

    @Test
    void aRoleTakenAwayStopsCountingAtTheNextRequest() throws Exception {
        signIn(ALICE);
        assertThat(get("/admin/report").statusCode()).isEqualTo(200);

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT r.account_id, r.source FROM jit_account_role r"
                + " JOIN jit_account a ON a.id = r.account_id WHERE a.email = ? AND r.role = 'admin'", ALICE.email());
        jdbc.update("DELETE FROM jit_account_role WHERE role = 'admin' AND account_id IN"
                + " (SELECT id FROM jit_account WHERE email = ?)", ALICE.email());
        try {
            assertThat(get("/admin/report").statusCode()).isEqualTo(403);
            assertThat(get("/me").body()).isEqualTo("name=alice@acme.test authorities=ROLE_member");
        } finally {
            for (Map<String, Object> row : rows) {
                jdbc.update("INSERT INTO jit_account_role (account_id, role, source) VALUES (?, 'admin', ?)",
                        row.get("ACCOUNT_ID"), row.get("SOURCE"));
            }
        }
    }

    // ---------------------------------------------------------------- paths

    /** Bob (no admin role) and nobody at all try the admin page and the signed-in pages by other spellings. */
    @Test
    void noSpellingOfAPathWalksPastSpringsRulesOrIntoJitsOwn() throws Exception {
        List<String> admin = List.of("/admin/report", "/admin/report/", "/admin/report;x=1", "/admin;x=1/report",
                "/admin/report;jsessionid=abc", "//admin/report", "/admin//report", "/%61dmin/report",
                "/admin%2Freport", "/admin/./report", "/x/../admin/report", "/admin/%2e/report", "/ADMIN/report",
                "/sso/../admin/report", "/sso/..;/admin/report", "/sso/%2e%2e/admin/report", "/sso;x=1/../admin/report",
                "/admin/report%00", "/admin/report%20", "/admin/report.json", "/admin\\report", "/sso/login/../../admin/report");
        signIn(BOB);
        String bob = session();
        List<String> leaks = new ArrayList<>();
        for (String path : admin) {
            for (String cookie : new String[] {"JSESSIONID=" + bob, null}) {
                String answer = cookie == null ? raw("GET " + path + " HTTP/1.1", "Accept: text/html")
                        : raw("GET " + path + " HTTP/1.1", "Cookie: " + cookie, "Accept: text/html");
                if (answer.contains("the admin report")) {
                    leaks.add((cookie == null ? "nobody " : "bob ") + path + " -> " + answer.lines().findFirst().orElse(""));
                }
            }
        }
        for (String path : List.of("/me", "/me/", "/me;x", "//me", "/sso/../me", "/sso/..;/me", "/%6De", "/ME")) {
            String answer = raw("GET " + path + " HTTP/1.1", "Accept: text/html");
            if (answer.contains("name=")) {
                leaks.add("nobody " + path + " -> " + answer.lines().findFirst().orElse(""));
            }
        }
        assertThat(leaks).isEmpty();
    }

    // ---------------------------------------------------------------- bad input, error pages

    /**
     * Bad input to jit's endpoints through Tomcat and Spring's firewall: a 4xx in words, never a 500,
     * a stack trace or Boot's whitelabel page.
     */
    @Test
    void badInputToJitsEndpointsGetsA4xxInWords() throws Exception {
        List<String> problems = new ArrayList<>();
        signIn(BOB);
        String bob = "Cookie: JSESSIONID=" + session();
        String form = "Content-Type: application/x-www-form-urlencoded";
        Map<String, String[]> requests = new java.util.LinkedHashMap<>();
        requests.put("acs, malformed escape", new String[] {"POST /sso/saml/acs HTTP/1.1", form, "body:SAMLResponse=%ZZ"});
        requests.put("acs, twice", new String[] {"POST /sso/saml/acs HTTP/1.1", form, "body:SAMLResponse=a&SAMLResponse=b"});
        requests.put("acs, not base64", new String[] {"POST /sso/saml/acs HTTP/1.1", form, "body:SAMLResponse=!!!"});
        requests.put("acs, multipart", new String[] {"POST /sso/saml/acs HTTP/1.1",
            "Content-Type: multipart/form-data; boundary=x", "body:--x\r\nContent-Disposition: form-data; name=\"SAMLResponse\""
                + "\r\n\r\nabc\r\n--x--\r\n"});
        requests.put("callback, no state", new String[] {"GET /sso/oidc/callback?code=x HTTP/1.1"});
        requests.put("login, path parameter", new String[] {"GET /sso/login;jsessionid=abc HTTP/1.1", "Accept: text/html"});
        requests.put("login, encoded slash", new String[] {"GET /sso%2Flogin HTTP/1.1", "Accept: text/html"});
        requests.put("login, double slash", new String[] {"GET /sso//login HTTP/1.1", "Accept: text/html"});
        requests.put("login, return escape", new String[] {"GET /sso/login?return=%ZZ HTTP/1.1", "Accept: text/html"});
        requests.put("login, 65 parameters", new String[] {"GET /sso/login?" + "a=1&".repeat(65) + " HTTP/1.1"});
        requests.put("login, odd Sec-Fetch-Site", new String[] {"POST /sso/login HTTP/1.1", form,
            "Sec-Fetch-Site: \u0085", "body:email=bob%40acme.test"});
        requests.put("login, odd Origin", new String[] {"POST /sso/login HTTP/1.1", form, "Origin: http://a\u0085",
            "body:email=bob%40acme.test"});
        requests.put("metadata, TRACE", new String[] {"TRACE /sso/saml/metadata HTTP/1.1"});
        requests.put("logout, odd X-CSRF-Token", new String[] {"POST /sso/logout HTTP/1.1", bob, "X-CSRF-Token: \u0085",
            form, "body:x=1"});
        for (Map.Entry<String, String[]> request : requests.entrySet()) {
            String[] lines = request.getValue();
            String answer = raw(lines[0], java.util.Arrays.copyOfRange(lines, 1, lines.length));
            String status = answer.lines().findFirst().orElse("");
            boolean fourXx = status.matches("HTTP/1\\.1 4\\d\\d.*");
            // Spring's firewall refuses some addresses before jit sees them: Boot's error page then, a 400 with no internals.
            boolean leaky = answer.contains("Exception") || answer.contains("\tat ") || answer.contains("firewall")
                    || answer.contains("Something went wrong on our side");
            if (!fourXx || leaky) {
                problems.add(request.getKey() + " -> " + status + " " + answer.substring(answer.indexOf("\r\n\r\n") + 4)
                        .replaceAll("\\s+", " ").substring(0, Math.min(160, Math.max(0,
                                answer.length() - answer.indexOf("\r\n\r\n") - 4))));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void anApplicationErrorShowsNoInternals() throws Exception {
        signIn(BOB);
        HttpResponse<String> html = get("/boom");
        assertThat(html.statusCode()).isEqualTo(500);
        assertThat(html.body()).doesNotContain("secret-db").doesNotContain("IllegalStateException").doesNotContain("\tat ");
    }

    // ---------------------------------------------------------------- async dispatch

    /** The async dispatch of a request that began signed in, after the person signed out meanwhile. */
    @Test
    void anAsyncDispatchAfterSignOutIsNotTheOldPerson() throws Exception {
        signIn(BOB);
        var pending = browser.client.sendAsync(HttpRequest.newBuilder(URI.create(base() + "/async")).header("Accept", "text/html")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        String csrf = get("/sso/logout").body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        post("/sso/logout", Map.of("csrf", csrf));
        HttpResponse<String> answer = pending.get();
        // The work began signed in; what matters is that nothing after sign-out sees Bob as signed in.
        assertThat(get("/me").statusCode()).isEqualTo(302);
        System.out.println("ASYNC after sign-out: " + answer.statusCode() + " " + answer.body());
    }

    // ---------------------------------------------------------------- Spring keeping the context

    /** An application still on Spring Security 5's behaviour: the context saved in the session after each request. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(App.Pages.class)
    static class SavesContextApp {

        @Bean
        SecurityFilterChain app(HttpSecurity http) throws Exception {
            return http.with(JitSecurityConfigurer.jit(), withDefaults())
                    .securityContext(context -> context.requireExplicitSave(false))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .build();
        }
    }

    /**
     * Where Spring keeps the JitAuthentication in the session (requireExplicitSave(false), the
     * migration switch of Spring Security 6), a disabled account must still be out at the next
     * request: the context loaded from the session must not stand in for the person jit no longer has.
     */
    @Test
    void aDisabledAccountIsOutAtTheNextRequestEvenWhereSpringSavesTheContextInTheSession() throws Exception {
        int port = BootBrowser.freePort();
        try (var app = start(SavesContextApp.class, port, "saves-context")) {
            String base = "http://127.0.0.1:" + port;
            signIn(BOB, base);
            assertThat(get(base + "/me").statusCode()).isEqualTo(200);
            assertThat(get(base + "/me").statusCode()).isEqualTo(200);

            new JdbcTemplate(app.getBean(DataSource.class)).update("UPDATE jit_account SET status = 'DISABLED'");

            HttpResponse<String> next = get(base + "/me");
            assertThat(next.statusCode()).as("the next request: " + next.body()).isEqualTo(302);
        }
    }

    /** docs/spring-boot.md says Spring's /logout ends nothing of jit's; it ends jit's session (safe), so say so. */
    @Test
    void springsOwnLogoutEndsJitsSessionToo() throws Exception {
        signIn(BOB);
        String token = get("/public/form").body();
        post("/logout", Map.of("_csrf", token));
        assertThat(get("/me").statusCode()).isEqualTo(302);
    }

    // ---------------------------------------------------------------- settings

    /**
     * Settings from a file, a profile's file, spring.application.json and a system property, with
     * a secret from the Environment: combined as docs/spring-boot.md says.
     */
    @Test
    void settingsFromSeveralSourcesCombineAsDocumented() throws Exception {
        int port = BootBrowser.freePort();
        System.setProperty("jit.base-url", "http://127.0.0.1:" + port);
        System.setProperty("FRESH_EYES_SECRET", "a-secret-from-a-system-property");
        try (var app = start(App.class, port, "from-files", "--spring.config.name=fresh-eyes",
                "--spring.profiles.active=other", "--fresh.idp=" + IDP.get().baseUrl(),
                "--spring.application.json={\"jit\":{\"tenants\":[{\"id\":\"json\",\"domains\":[\"json.test\"],"
                        + "\"identityProviders\":[\"test\"]}]}}")) {
            String base = "http://127.0.0.1:" + port;
            assertThat(get(base + "/sso/saml/metadata").body()).as("base-url from the system property")
                    .contains("entityID=\"" + base + "/sso/saml\"");
            assertThat(routes(base, "x@json.test")).as("spring.application.json's tenants, whole").isTrue();
            assertThat(routes(base, "x@acme.test")).as("the profile's tenants, replaced whole").isFalse();
            assertThat(routes(base, "x@base.test")).as("the base file's tenants, replaced whole").isFalse();
        } finally {
            System.clearProperty("jit.base-url");
            System.clearProperty("FRESH_EYES_SECRET");
        }
    }

    private boolean routes(String base, String email) throws Exception {
        HttpResponse<String> login = post(base + "/sso/login", Map.of("email", email));
        return login.statusCode() == 302;
    }

    /**
     * docs/spring-boot.md, "Testing": application.yml names the IdP, @DynamicPropertySource gives
     * its addresses. A list comes whole from one source, so the guide's example, which gave only
     * the addresses of identity-providers[0], could not start: the item it gave had no id.
     */
    @Test
    void theGuidesTestingExampleStarts() {
        var runner = new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(JitAutoConfiguration.class))
                .withPropertyValues("jit.base-url=https://app.example", "jit.identity-providers[0].id=okta",
                        "jit.identity-providers[0].saml.emails-verified=true", "jit.tenants[0].id=acme",
                        "jit.tenants[0].domains[0]=acme.com", "jit.tenants[0].identity-providers[0]=okta");
        Map<String, Object> before = Map.of(
                "jit.identity-providers[0].saml.metadata-url", IDP.get().samlMetadataUrl(),
                "jit.identity-providers[0].saml.entity-id", IDP.get().samlEntityId(),
                "jit.identity-providers[0].saml.allow-insecure-http", "true");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new org.springframework.core.env.MapPropertySource("Dynamic Test Properties", before)))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("identityProviders[0].id: is required"));
        // As the guide now shows it: the test gives the whole item.
        Map<String, Object> now = new java.util.HashMap<>(before);
        now.put("jit.identity-providers[0].id", "okta");
        now.put("jit.identity-providers[0].saml.emails-verified", "true");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new org.springframework.core.env.MapPropertySource("Dynamic Test Properties", now)))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aSecretWrittenIntoTheSettingsStopsTheStartWithoutBeingRepeated() {
        new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(JitAutoConfiguration.class))
                .withPropertyValues("jit.base-url=https://app.example", "jit.identity-providers[0].id=okta",
                        "jit.identity-providers[0].oidc.issuer=https://okta.example",
                        "jit.identity-providers[0].oidc.client-id=app",
                        "jit.identity-providers[0].oidc.client-secret=${THE_SECRET:hunter2-the-secret}",
                        "jit.tenants[0].id=acme", "jit.tenants[0].domains[0]=acme.com",
                        "jit.tenants[0].identity-providers[0]=okta")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    StringBuilder all = new StringBuilder();
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        all.append(t.getMessage()).append('\n');
                    }
                    assertThat(all.toString()).contains("identityProviders[0].oidc.clientSecret")
                            .doesNotContain("hunter2");
                });
    }

    /**
     * Two DataSources and none @Primary: jit must not fall back to memory in silence (accounts lost
     * at restart, a replay cache per node) while the application has databases.
     */
    @Test
    void severalDataSourcesWithoutAPrimaryStopTheStartRatherThanLeaveJitInMemory() {
        String[] settings = {"jit.base-url=https://app.example", "jit.identity-providers[0].id=okta",
            "jit.identity-providers[0].saml.metadata-url=https://acme.okta.com/app/exk1/sso/saml/metadata",
            "jit.identity-providers[0].saml.entity-id=http://www.okta.com/exk1", "jit.tenants[0].id=acme",
            "jit.tenants[0].domains[0]=acme.com", "jit.tenants[0].identity-providers[0]=okta"};
        var runner = new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(JitAutoConfiguration.class))
                .withBean("orders", DataSource.class, () -> h2("orders"))
                .withBean("reports", DataSource.class, () -> h2("reports"))
                .withPropertyValues(settings);
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("DataSource");
        });
        runner.withPropertyValues("jit.store.jdbc-url=jdbc:h2:mem:fresh-own-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "jit.store.create-schema=true").run(context -> assertThat(context).hasNotFailed());
    }

    /**
     * Without Spring Security, jit.protected-paths is all that guards the application. Settings
     * whose base URL did not arrive (it is in a profile's file that is not active, or misspelt)
     * must stop the start, not switch jit off and leave the paths open.
     */
    @Test
    void jitSettingsWithoutTheBaseUrlStopTheStartRatherThanLeaveProtectedPathsOpen() {
        new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(JitAutoConfiguration.class))
                .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(SecurityFilterChain.class))
                .withPropertyValues("jit.protected-paths[0]=/app/",
                        "jit.identity-providers[0].id=okta",
                        "jit.identity-providers[0].saml.metadata-url=https://acme.okta.com/app/exk1/sso/saml/metadata",
                        "jit.identity-providers[0].saml.entity-id=http://www.okta.com/exk1", "jit.tenants[0].id=acme",
                        "jit.tenants[0].domains[0]=acme.com", "jit.tenants[0].identity-providers[0]=okta")
                .run(context -> {
                    assertThat(context).as("started with no jit filter: /app/ open to all").hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("baseUrl: is required");
                });
    }

    /**
     * jit announces its endpoints at base-url + /sso, and base-url is an origin: under a context
     * path the IdP's answer goes to an address outside the application. The start must say so.
     */
    @Test
    void aContextPathStopsTheStartRatherThanSendTheIdpElsewhere() throws Exception {
        int port = BootBrowser.freePort();
        try (var app = start(App.class, port, "context-path", "--server.servlet.context-path=/app")) {
            String base = "http://127.0.0.1:" + port;
            IDP.get().signInAs(BOB);
            HttpResponse<String> login = post(base + "/app/sso/login", Map.of("email", BOB.email(), "return", "/me"));
            TestIdp.Answer answer = IDP.get().answer(login.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> back = post(answer.url(), answer.fields());
            assertThat(back.statusCode()).as("the IdP answered at " + answer.url()).isEqualTo(302);
        } catch (org.springframework.context.ApplicationContextException
                | org.springframework.beans.factory.BeanCreationException refused) {
            assertThat(refused).rootCause().hasMessageContaining("server.servlet.context-path");
        }
    }

    /** An application with no chain of its own: the starter's. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(App.Pages.class)
    static class DefaultChainApp {
    }

    @Test
    void theStartersOwnChainSignsInAndRefusesBadInputIn4xx() throws Exception {
        int port = BootBrowser.freePort();
        try (var app = start(DefaultChainApp.class, port, "default-chain")) {
            String base = "http://127.0.0.1:" + port;
            List<String> seen = new ArrayList<>();
            for (String line : List.of("GET /sso/login;x=1 HTTP/1.1", "GET /sso//login HTTP/1.1", "GET /nothing-here HTTP/1.1",
                    "GET /me;jsessionid=1 HTTP/1.1", "GET /sso/%2e%2e/me HTTP/1.1")) {
                String answer = rawTo(port, line, "Accept: text/html");
                seen.add(line + " -> " + answer.lines().findFirst().orElse("") + " "
                        + answer.lines().filter(l -> l.startsWith("Location")).findFirst().orElse(""));
            }
            System.out.println("DEFAULT CHAIN: " + String.join("\n  ", seen));
            assertThat(seen).as("addresses Spring's firewall refuses: 400, not a sign-in to come back to /error")
                    .filteredOn(l -> !l.startsWith("GET /nothing-here")).allMatch(l -> l.contains("HTTP/1.1 400"));
            assertThat(seen).filteredOn(l -> l.startsWith("GET /nothing-here")).allMatch(l -> l.contains(" 302"));
            assertThat(get(base + "/me").statusCode()).isEqualTo(302);
            signIn(BOB, base);
            assertThat(get(base + "/me").body()).startsWith("name=bob@acme.test");
        }
    }

    private static DataSource h2(String name) {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:mem:fresh-" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    private org.springframework.context.ConfigurableApplicationContext start(Class<?> app, int port, String name,
            String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:mem:fresh-" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"));
        if (!List.of(args).stream().anyMatch(a -> a.startsWith("--spring.config.name"))) {
            all.addAll(List.of("--jit.base-url=http://127.0.0.1:" + port, "--jit.identity-providers[0].id=test",
                    "--jit.identity-providers[0].saml.metadata-url=" + IDP.get().samlMetadataUrl(),
                    "--jit.identity-providers[0].saml.entity-id=" + IDP.get().samlEntityId(),
                    "--jit.identity-providers[0].saml.emails-verified=true",
                    "--jit.identity-providers[0].saml.allow-insecure-http=true", "--jit.tenants[0].id=acme",
                    "--jit.tenants[0].domains[0]=acme.test", "--jit.tenants[0].identity-providers[0]=test"));
        }
        all.addAll(List.of(args));
        return new org.springframework.boot.builder.SpringApplicationBuilder(app).run(all.toArray(String[]::new));
    }

    private void signIn(TestPerson person, String base) throws Exception {
        browser.signIn(IDP.get(), person, base);
    }

    // ---------------------------------------------------------------- helpers

    private String session() {
        return browser.session();
    }

    private void signIn(TestPerson person) throws Exception {
        browser.signIn(IDP.get(), person);
    }

    HttpResponse<String> get(String path) throws Exception {
        return browser.get(path);
    }

    HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        return browser.post(url, form);
    }

    /** A request as written, byte for byte (Latin-1): no client tidies its path. A line "body:..." is the body. */
    static String raw(String requestLine, String... headers) throws Exception {
        return rawTo(PORT, requestLine, headers);
    }

    static String rawTo(int port, String requestLine, String... headers) throws Exception {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nConnection: close\r\n");
        String body = null;
        for (String header : headers) {
            if (header.startsWith("body:")) {
                body = header.substring("body:".length());
            } else {
                request.append(header).append("\r\n");
            }
        }
        if (body != null) {
            request.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n");
        }
        request.append("\r\n");
        if (body != null) {
            request.append(body);
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static String base() {
        return "http://127.0.0.1:" + PORT;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
