package io.jitprov.testidp;

import io.jitprov.servlet.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** What a browser does between the application and the test IdP: follow redirects, post self-posting forms. */
final class Browser {

    private Browser() {
    }

    /** GETs {@code url} with the app's browser (its cookies), without following redirects. */
    static HttpResponse<String> get(TestApp app, String url) throws Exception {
        return app.browser.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("No redirect: " + response.statusCode() + " " + response.body()));
    }

    /** The first form of a page: its action and its fields (hidden inputs). */
    static TestIdp.Answer form(String html) {
        Document page = Jsoup.parse(html);
        Element form = page.selectFirst("form");
        if (form == null) {
            throw new AssertionError("No form on the page: " + html);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[type=hidden]")) {
            fields.put(input.attr("name"), input.attr("value"));
        }
        return new TestIdp.Answer("POST", form.attr("action"), fields);
    }

    /** Sends what the IdP answered, as the browser would: a GET or a form post, with the app's cookies. */
    static HttpResponse<String> follow(TestApp app, TestIdp.Answer answer) throws Exception {
        return answer.method().equals("GET") ? get(app, answer.url()) : app.post(answer.url(), answer.fields());
    }
}
