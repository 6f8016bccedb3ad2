package io.jitprov.testidp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test IdP's HTTP side, on the JDK's own server (nothing to clash with the application's
 * container): routes each request to the SAML or OpenID Connect side, keeps the requests waiting
 * on the picker page, and answers every refusal with a 400 in words.
 */
final class IdpServer {

    private static final Logger LOG = LoggerFactory.getLogger(IdpServer.class);
    private static final int MAX_BODY_BYTES = 256 * 1024;

    /** A sign-in request waiting for someone to be picked: the SAML request, or the OIDC query. */
    private record Pending(SamlSide.@Nullable AuthnRequest saml, @Nullable String relayState,
            @Nullable Map<String, String> oidc) { }

    private final TestIdp idp;
    private final HttpServer server;
    private final ExecutorService threads;
    private final SecureRandom random = new SecureRandom();
    private final Bounded<Pending> pending = new Bounded<>(1_000);

    IdpServer(TestIdp idp, int port) throws IOException {
        this.idp = idp;
        // 127.0.0.1 itself, the address every URL names (getLoopbackAddress() is ::1 when IPv6 is preferred).
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port),
                50);
        // Not a fixed pool: the JDK server reads each request on a worker, so a few stalled clients would hold them all.
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "jit-test-idp");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = !addressedHere(exchange) ? Reply.html(421, Pages.message("Misdirected request",
                        "The test IdP answers requests addressed to 127.0.0.1 or localhost only."))
                        : idp.isDown() ? Reply.html(503, Pages.message("Unavailable", "The test IdP is down, as asked."))
                        : route(exchange);
            } catch (IdpRefusal e) {
                reply = Reply.html(400, Pages.message("The test IdP cannot answer this", e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("The test IdP failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                reply = Reply.html(500, Pages.message("The test IdP failed", "See the test's log for what went wrong."));
            }
            send(exchange, reply);
        }
    }

    /**
     * Whether the request names this machine in its Host: a page whose own name was rebound to
     * 127.0.0.1 (DNS rebinding) would otherwise read the signed answers same-origin.
     */
    private boolean addressedHere(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return false;
        }
        host = host.strip().toLowerCase(Locale.ROOT);
        int port = server.getAddress().getPort();
        int colon = host.lastIndexOf(':');
        String name = colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
        String given = colon > host.lastIndexOf(']') ? host.substring(colon + 1) : "80";
        return Set.of("127.0.0.1", "localhost", "[::1]").contains(name) && given.equals(String.valueOf(port));
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        boolean post = method.equals("POST");
        if (!post && !method.equals("GET")) {
            return Reply.html(405, Pages.message("Not allowed", "The test IdP answers GET and POST only."));
        }
        Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
        Map<String, String> form = post ? parameters(body(exchange)) : Map.of();
        return switch (exchange.getRequestURI().getRawPath()) {
            case "/saml/metadata" -> new Reply(200, "application/samlmetadata+xml", idp.saml().metadata(), Map.of());
            case "/saml/sso" -> samlSignIn(post ? form : query, post);
            case "/saml/slo" -> Reply.html(200, Pages.message("Signed out", "The test IdP received the logout message."));
            case "/oidc/.well-known/openid-configuration" -> Reply.json(200, idp.oidc().discovery());
            case "/oidc/jwks" -> Reply.json(200, idp.keys().publicKeys().toString());
            case "/oidc/authorize" -> post ? picked(form) : oidcSignIn(query);
            case "/oidc/token" -> post ? token(exchange, form)
                    : Reply.json(405, "{\"error\":\"invalid_request\",\"error_description\":\"POST only\"}");
            case "/oidc/userinfo" -> idp.oidc().userInfo(bearer(exchange));
            case "/oidc/logout" -> endSession(query);
            case "/" -> Reply.html(200, Pages.message("jit test IdP", "SAML metadata: " + idp.samlMetadataUrl()
                    + ". OpenID Connect issuer: " + idp.oidcIssuer() + " (client " + idp.clientId() + ")."));
            default -> Reply.html(404, Pages.message("Not found", "The test IdP has no such page."));
        };
    }

    private Reply samlSignIn(Map<String, String> parameters, boolean post) {
        if (parameters.containsKey("pending")) {
            return picked(parameters);
        }
        String samlRequest = parameters.get("SAMLRequest");
        if (samlRequest == null) {
            throw new IdpRefusal("No SAMLRequest: start the sign-in at the service provider");
        }
        SamlSide.AuthnRequest request = idp.saml().read(samlRequest, !post);
        if (!idp.signIns().targets().allows(request.acsUrl())) {
            throw new IdpRefusal("The AssertionConsumerServiceURL is not allowed: " + idp.signIns().targets().rule());
        }
        TestPerson person = idp.chosen();
        if (person != null) {
            return Reply.html(200, Pages.autoPost(idp.signIns().saml(request, parameters.get("RelayState"), person)));
        }
        return picker("SAML", request.issuer(), "/saml/sso", new Pending(request, parameters.get("RelayState"), null));
    }

    private Reply oidcSignIn(Map<String, String> query) {
        TestPerson person = idp.chosen();
        if (person != null) {
            return Reply.redirect(idp.signIns().oidc(query, person).url());
        }
        String redirectUri = query.get("redirect_uri");
        if (!idp.clientId().equals(query.get("client_id")) || redirectUri == null || !idp.signIns().targets().allows(redirectUri)) {
            throw new IdpRefusal("Unknown client_id, or a redirect_uri that is not allowed: " + idp.signIns().targets().rule());
        }
        return picker("OpenID Connect", idp.clientId() + " at " + redirectUri, "/oidc/authorize",
                new Pending(null, null, query));
    }

    private Reply picker(String protocol, String audience, String action, Pending request) {
        byte[] key = new byte[18];
        random.nextBytes(key);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        pending.put(id, request);
        return Reply.html(200, Pages.picker(protocol, audience, action, id, idp.people()));
    }

    /** The picker's form: who, with a second factor or not, and which failure. The pending key is used once. */
    private Reply picked(Map<String, String> form) {
        Pending request = pending.remove(String.valueOf(form.get("pending")));
        if (request == null) {
            throw new IdpRefusal("This sign-in page has been used or has expired: start again at the service provider");
        }
        TestPerson person;
        TestIdp.@Nullable Failure failure;
        try {
            person = idp.people().get(Integer.parseInt(String.valueOf(form.get("person"))));
            String asked = form.getOrDefault("failure", "");
            failure = asked.isEmpty() ? null : TestIdp.Failure.valueOf(asked);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IdpRefusal("Pick one of the people listed");
        }
        String groups = form.getOrDefault("groups", "").strip();
        if ("on".equals(form.get("mfa")) || !groups.isEmpty()) {
            TestPerson.Builder changed = person.toBuilder().mfa(person.mfa() || "on".equals(form.get("mfa")));
            if (!groups.isEmpty()) {
                changed.groups(Arrays.stream(groups.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList());
            }
            person = changed.build();
        }
        if (request.saml() != null) {
            return Reply.html(200, Pages.autoPost(idp.signIns().saml(request.saml(), request.relayState(), person, failure)));
        }
        return Reply.redirect(idp.signIns().oidc(request.oidc(), person, failure).url());
    }

    private Reply token(HttpExchange exchange, Map<String, String> form) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        @Nullable String basicId = null;
        @Nullable String basicSecret = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair;
            try {
                pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8)
                        .split(":", 2);
                // A bad escape in the id or secret (RFC 6749 §2.3.1) is the client's fault: invalid_client, not a 500.
                basicId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
                basicSecret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "";
            } catch (IllegalArgumentException e) {
                return Reply.json(401, "{\"error\":\"invalid_client\"}");
            }
        }
        return idp.oidc().redeem(form, basicId, basicSecret).withHeader("Pragma", "no-cache");
    }

    private Reply endSession(Map<String, String> query) {
        String back = query.get("post_logout_redirect_uri");
        if (back != null && idp.signIns().targets().allows(back)) {
            String state = query.get("state");
            return Reply.redirect(state == null ? back : Pages.withQuery(back, Map.of("state", state)));
        }
        return Reply.html(200, Pages.message("Signed out", "You are signed out of the test IdP."));
    }

    private static @Nullable String bearer(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
    }

    /** Reads a query or form: each name once (a repeated one is refused), values URL-decoded. */
    static Map<String, String> parameters(@Nullable String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (parameters.put(name, value) != null) {
                    throw new IdpRefusal("The parameter " + name + " is given twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IdpRefusal("The request's parameters are not URL-encoded");
            }
        }
        return parameters;
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IdpRefusal("The request's body is over " + MAX_BODY_BYTES / 1024 + " KB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String scriptNonce = Base64.getEncoder().encodeToString(nonce);
        // Escaped values cannot spell nonce="..." (their quotes are entities): only the page's own tags match.
        String body = reply.body().replace("nonce=\"" + Pages.SCRIPT_NONCE_PLACEHOLDER + "\"",
                "nonce=\"" + scriptNonce + "\"");
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType() + ";charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (reply.contentType().equals("text/html")) {
            headers.set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + scriptNonce
                    + "'; style-src 'nonce-" + scriptNonce + "'; form-action 'self' http: https:; frame-ancestors 'none';"
                    + " base-uri 'none'");
        }
        reply.headers().forEach(headers::set);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
