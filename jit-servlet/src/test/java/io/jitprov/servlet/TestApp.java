package io.jitprov.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small application in a real Jetty 12 on 127.0.0.1 with JitFilter in front, and a browser-like
 * client (cookies kept, redirects not followed so tests see each hop).
 */
final class TestApp implements AutoCloseable {

    final Server server = new Server();
    final HttpClient browser;
    final CookieManager cookies = new CookieManager();
    final String baseUrl;

    /** Starts the app; {@code login} gets the base URL the server listens on. */
    TestApp(Function<String, JitLogin> login) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port;
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addFilter(new FilterHolder(new JitFilter(login.apply(baseUrl))), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Echo()), "/*");
        server.setHandler(context);
        server.start();
        browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Answers with who the filter says is signed in. */
    static final class Echo extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("path=" + request.getRequestURI() + " user=" + request.getRemoteUser()
                    + " admin=" + request.isUserInRole("admin") + " member=" + request.isUserInRole("member")
                    + " principal=" + request.getUserPrincipal());
        }
    }

    HttpResponse<String> get(String pathOrUrl) throws Exception {
        return get(pathOrUrl, "text/html");
    }

    HttpResponse<String> get(String pathOrUrl, String accept) throws Exception {
        return send(browser, HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", accept).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return post(path, form, "text/html");
    }

    HttpResponse<String> post(String path, Map<String, String> form, String accept) throws Exception {
        return send(browser, postRequest(path, form, accept));
    }

    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    /** Another browser, with cookies of its own: a second person. */
    TestApp other() {
        return new TestApp(this);
    }

    private TestApp(TestApp app) {
        this.baseUrl = app.baseUrl;
        this.browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpRequest.Builder postRequest(String path, Map<String, String> form, String accept) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
