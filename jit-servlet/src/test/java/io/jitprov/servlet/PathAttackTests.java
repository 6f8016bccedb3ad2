package io.jitprov.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encodings and path tricks against the protected paths and jit's own, sent byte for byte to a
 * real Jetty with the application's servlets mapped at {@code /admin/*} and {@code /app/*}. Each
 * runs four ways: at the root and under a context path, and in a strict Jetty and in one that lets
 * every ambiguous URI through to the filter (as laxer containers and proxies do), so that the
 * filter's own defence is what is tested.
 */
class PathAttackTests {

    private static final int CHALLENGED = 302;
    private static final int REFUSED = 400;

    private static final List<AttackedApp> APPS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        for (String context : List.of("", "/ctx")) {
            for (boolean permissive : List.of(false, true)) {
                APPS.add(new AttackedApp(context, permissive));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AttackedApp app : APPS) {
            app.close();
        }
    }

    static Stream<Arguments> attacks() {
        Map<String, Integer> paths = new LinkedHashMap<>();
        paths.put("/admin/report", CHALLENGED);
        paths.put("/%61dmin/report", CHALLENGED);
        paths.put("/adm%69n/report", CHALLENGED);
        paths.put("/ADMIN/report", CHALLENGED);
        paths.put("/Admin/", CHALLENGED);
        paths.put("/admin", CHALLENGED);
        paths.put("/app", CHALLENGED);
        paths.put("/%61pp/", CHALLENGED);
        paths.put("/admin;x/report", REFUSED);
        paths.put("/admin;/report", REFUSED);
        paths.put("/app;jsessionid=1/", REFUSED);
        paths.put("/app/;jsessionid=1", REFUSED);
        paths.put("/admin%3bx/report", REFUSED);
        paths.put("/public/../admin/report", REFUSED);
        paths.put("/public/%2e%2e/admin/report", REFUSED);
        paths.put("/public/%2E%2E/admin/report", REFUSED);
        paths.put("/public/.%2e/admin/report", REFUSED);
        paths.put("/./admin/report", REFUSED);
        paths.put("/admin/./report", REFUSED);
        paths.put("/admin%2freport", REFUSED);
        paths.put("/admin%2Freport", REFUSED);
        paths.put("/admin%5creport", REFUSED);
        paths.put("//admin/report", REFUSED);
        paths.put("/admin//report", REFUSED);
        paths.put("/admin/report%00", REFUSED);
        paths.put("/admin/%252e%252e/x", REFUSED);
        paths.put("/%c0%ae%c0%ae/admin/", REFUSED);
        paths.put("/admin/report%", REFUSED);
        paths.put("/admin/report%zz", REFUSED);
        paths.put("/sso;x/saml/acs", REFUSED);
        paths.put("/sso/login;x", REFUSED);
        paths.put("/sso/%2e%2e/admin/", REFUSED);
        return APPS.stream().flatMap(app -> paths.entrySet().stream().map(e -> Arguments.of(app, e.getKey(),
                e.getValue())));
    }

    @ParameterizedTest(name = "{1} in {0}", autoCloseArguments = false)
    @MethodSource("attacks")
    void protectedPathWhenSpelledAnotherWayThenNeverServedToAStranger(AttackedApp target, String path, int expected)
            throws Exception {
        String context = target.app.baseUrl.replaceFirst("^http://[^/]+", "");

        TestApp.Raw answer = target.app.raw("GET", context + path, Map.of("Accept", "text/html"), "");

        assertThat(answer.body()).doesNotContain(AttackedApp.ADMIN_PAGE).doesNotContain(AttackedApp.APP_PAGE)
                .doesNotContain("Exception").doesNotContain("at org.eclipse");
        assertThat(answer.status()).as(answer.head()).isEqualTo(expected);
        if (expected == CHALLENGED) {
            assertThat(answer.head()).contains("Location: " + context + "/sso/login?return=");
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("apps")
    void protectedPathWhenSignedInThenServedOnlyOnItsPlainSpelling(AttackedApp target) throws Exception {
        TestApp browser = target.app.other();
        AttackedApp.signIn(browser, "alice", List.of());

        assertThat(browser.get("/admin/report").body()).contains(AttackedApp.ADMIN_PAGE).contains("user=alice@acme.test");
        assertThat(browser.get("/app/").body()).contains(AttackedApp.APP_PAGE);
        String context = target.app.baseUrl.replaceFirst("^http://[^/]+", "");
        assertThat(browser.raw("GET", context + "/app;jsessionid=" + browser.sessionCookie() + "/", Map.of(), "")
                .status()).isEqualTo(REFUSED);
    }

    static Stream<AttackedApp> apps() {
        return APPS.stream();
    }

    @Test
    void unprotectedPathsWithPathParametersStillReachTheApplication() throws Exception {
        TestApp app = APPS.get(0).app;

        TestApp.Raw answer = app.raw("GET", "/public;v=1/page", Map.of(), "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains(AttackedApp.PUBLIC_PAGE);
    }
}
