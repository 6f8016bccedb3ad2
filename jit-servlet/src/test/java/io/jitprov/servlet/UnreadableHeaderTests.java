package io.jitprov.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A header the container, or a firewall in front of jit, will not hand over: Spring Security's
 * firewall throws from {@code getHeader} on bytes it distrusts. Each header jit reads then gets a
 * plain 400, never a 500 with a reference that blames jit.
 */
class UnreadableHeaderTests {

    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        app = new TestApp(baseUrl -> RefusalPagesTests.withoutIdps(baseUrl).protectedPaths("/app/").build(), "",
                context -> {
            context.addServlet(new ServletHolder(new TestApp.Echo()), "/*");
            TestApp.distrustHeaders(context);
        }, false);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private HttpResponse<String> send(String method, String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl + path)).header(header, value);
        if (!header.equals("Accept")) {
            request.header("Accept", "text/html");
        }
        if (method.equals("POST")) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("email=alice%40acme.test"));
        } else {
            request.GET();
        }
        return app.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachHeaderOfTheSignInPathIsABadRequestWhenItCannotBeRead() throws Exception {
        record Case(String method, String path, String header) { }
        for (Case c : List.of(new Case("POST", "/sso/login", "Origin"), new Case("POST", "/sso/login", "Sec-Fetch-Site"),
                new Case("GET", "/app/report", "Accept"))) {
            HttpResponse<String> answer = send(c.method(), c.path(), c.header(), TestApp.DISTRUSTED);

            assertThat(answer.statusCode()).as(c + " " + answer.body()).isEqualTo(400);
            assertThat(answer.body()).as(c.toString()).contains("The " + c.header() + " header cannot be read.")
                    .doesNotContain("Reference:").doesNotContain("Rejected").doesNotContain("untrusted");
        }
        assertThat(send("POST", "/sso/login", "Origin", app.baseUrl).statusCode()).as("a readable header passes")
                .isNotEqualTo(400);
    }
}
