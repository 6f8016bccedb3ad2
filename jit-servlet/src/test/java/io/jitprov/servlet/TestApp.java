package io.jitprov.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small application in a real Jetty 12 on 127.0.0.1 with JitFilter in front, and a browser-like
 * client (cookies kept, redirects not followed so tests see each hop).
 */
public final class TestApp implements AutoCloseable {

    public final Server server = new Server();
    public final HttpClient browser;
    public final CookieManager cookies = new CookieManager();
    /** The application's URL: origin and context path. */
    public final String baseUrl;
    public final int port;

    /** Starts the app; {@code login} gets the base URL the server listens on. */
    public TestApp(Function<String, JitLogin> login) throws Exception {
        this(login, "", context -> context.addServlet(new ServletHolder(new Echo()), "/*"), false);
    }

    /**
     * Starts the app under {@code contextPath} with the servlets {@code servlets} maps; with
     * {@code permissive}, Jetty lets every ambiguous URI through to the filter (as a laxer container
     * or proxy would), so that what is tested is the filter's own defence.
     */
    public TestApp(Function<String, JitLogin> login, String contextPath, Consumer<ServletContextHandler> servlets,
            boolean permissive) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port + contextPath;
        this.port = port;
        HttpConfiguration http = new HttpConfiguration();
        if (permissive) {
            http.setUriCompliance(UriCompliance.UNSAFE);
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        if (permissive) {
            context.getServletHandler().setDecodeAmbiguousURIs(true);
        }
        context.addFilter(new FilterHolder(new JitFilter(login.apply(baseUrl))), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        servlets.accept(context);
        server.setHandler(context);
        server.start();
        browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A header value {@link #distrustHeaders} will not hand over. */
    public static final String DISTRUSTED = "distrusted";

    /**
     * Puts a firewall in front of every filter, as Spring Security's StrictHttpFirewall is: a
     * header whose value contains {@link #DISTRUSTED} makes {@code getHeader} throw a
     * RuntimeException of a type jit does not know.
     */
    public static void distrustHeaders(ServletContextHandler context) {
        FilterHolder firewall = new FilterHolder((Filter) (request, response, chain) -> chain.doFilter(
                new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public String getHeader(String name) {
                        String value = super.getHeader(name);
                        if (value != null && value.contains(DISTRUSTED)) {
                            throw new Rejected("The request was rejected because the header " + name
                                    + " has an untrusted value");
                        }
                        return value;
                    }
                }, response));
        firewall.setName("firewall");
        FilterMapping mapping = new FilterMapping();
        mapping.setFilterName("firewall");
        mapping.setPathSpec("/*");
        mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        context.getServletHandler().prependFilter(firewall);
        context.getServletHandler().prependFilterMapping(mapping);
    }

    /** What Spring's RequestRejectedException is: a RuntimeException of a type jit does not know. */
    static final class Rejected extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    /** Answers with who the filter says is signed in. */
    public static final class Echo extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("path=" + request.getRequestURI() + " user=" + request.getRemoteUser()
                    + " admin=" + request.isUserInRole("admin") + " member=" + request.isUserInRole("member")
                    + " principal=" + request.getUserPrincipal());
        }
    }

    public HttpResponse<String> get(String pathOrUrl) throws Exception {
        return get(pathOrUrl, "text/html");
    }

    public HttpResponse<String> get(String pathOrUrl, String accept) throws Exception {
        return send(browser, HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", accept).GET());
    }

    public HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return post(path, form, "text/html");
    }

    public HttpResponse<String> post(String path, Map<String, String> form, String accept) throws Exception {
        return send(browser, postRequest(path, form, accept));
    }

    /** Signs out as a person would: the confirmation page's form, posted with its CSRF token. */
    public HttpResponse<String> signOut() throws Exception {
        HttpResponse<String> confirm = get("/sso/logout");
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(confirm.body());
        if (!csrf.find()) {
            throw new AssertionError("No sign-out form: " + confirm.statusCode() + " " + confirm.body());
        }
        return post("/sso/logout", Map.of("csrf", csrf.group(1)));
    }

    /** What came back to a request sent byte for byte, without any client normalising it. */
    public record Raw(int status, String head, String body) {
    }

    /**
     * Sends {@code method rawTarget} as written (HTTP/1.0, so the answer is not chunked), with this
     * browser's session cookie, to the server's root (not the context path).
     */
    public Raw raw(String method, String rawTarget, Map<String, String> headers, String body) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + rawTarget + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
                    + "\r\n");
            String session = sessionCookie();
            if (!session.isEmpty()) {
                request.append("Cookie: JSESSIONID=").append(session).append("\r\n");
            }
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            if (!body.isEmpty()) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String head = split < 0 ? answer : answer.substring(0, split);
            String[] statusLine = head.split(" ", 3);
            return new Raw(statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1, head,
                    split < 0 ? "" : answer.substring(split + 4));
        }
    }

    public String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    /** Another browser, with cookies of its own: a second person. */
    public TestApp other() {
        return new TestApp(this);
    }

    private TestApp(TestApp app) {
        this.baseUrl = app.baseUrl;
        this.port = app.port;
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
