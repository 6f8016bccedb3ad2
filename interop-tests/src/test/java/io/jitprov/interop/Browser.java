package io.jitprov.interop;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a browser does in these logins, without one: keeps cookies, follows redirects, submits
 * forms (Keycloak's login form, the SAML HTTP-POST form) with the values the page holds.
 */
final class Browser {

    /** A page the browser ended on. */
    record Page(URI uri, int status, String body) {

        Document html() {
            return Jsoup.parse(body, uri.toString());
        }

        Optional<Element> form(String selector) {
            return Optional.ofNullable(html().selectFirst(selector));
        }

        /** The value of the named input of the page's first form with one. */
        String field(String name) {
            Element input = html().selectFirst("form input[name=" + name + "]");
            if (input == null) {
                throw new IllegalStateException("No field " + name + " on " + uri + ":\n" + body);
            }
            return input.attr("value");
        }
    }

    private static final String HTML = "text/html,application/xhtml+xml";

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new LoopbackIsSecure())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    Page open(String url) throws Exception {
        return follow(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", HTML).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Submits the page's form that {@code selector} finds, with its own fields and {@code values} on top. */
    Page submit(Page page, String selector, Map<String, String> values) throws Exception {
        Element form = page.form(selector).orElseThrow(() -> new IllegalStateException(
                "No form " + selector + " on " + page.uri() + ":\n" + page.body()));
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            fields.put(input.attr("name"), input.attr("value"));
        }
        fields.putAll(values);
        return post(form.absUrl("action"), fields);
    }

    Page post(String url, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return follow(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", HTML)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private Page follow(HttpResponse<String> response) throws Exception {
        for (int hops = 0; hops < 20; hops++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return new Page(response.uri(), response.statusCode(), response.body());
            }
            URI next = response.uri().resolve(location.get());
            response = http.send(HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(30)).header("Accept", HTML)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        throw new IllegalStateException("More than 20 redirects, last at " + response.uri());
    }

    /**
     * Browsers treat http://127.0.0.1 as a secure context and send it {@code Secure} cookies, as
     * Keycloak's are; the JDK's cookie manager sends those over https only. So ask it as for https.
     */
    private static final class LoopbackIsSecure extends CookieHandler {
        private final CookieManager cookies = new CookieManager();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            URI asSecure = "http".equals(uri.getScheme()) && "127.0.0.1".equals(uri.getHost())
                    ? URI.create("https" + uri.toString().substring("http".length())) : uri;
            return cookies.get(asSecure, requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            cookies.put(uri, responseHeaders);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
