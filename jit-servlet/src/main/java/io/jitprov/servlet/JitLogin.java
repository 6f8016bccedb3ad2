package io.jitprov.servlet;

import io.jitprov.core.AuditSink;
import io.jitprov.core.DomainRegistry;
import io.jitprov.core.Provisioner;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.saml.SamlAuthnRequests;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link JitFilter} does, independent of how the filter was configured: the SAML and
 * OIDC endpoints under the base path, home-realm discovery, logout, and deciding whether a request
 * to the application may pass.
 *
 * <pre>{@code
 * JitLogin login = JitLogin.builder()
 *         .baseUrl("https://app.example").basePath("/sso")
 *         .provisioner(provisioner).auditSink(audit).domains(domains)
 *         .saml(serviceProvider, samlIdps, samlVerifier)
 *         .route("acme", IdpRoute.saml("https://idp.acme.test"))
 *         .protectedPaths("/app/")
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class JitLogin {

    private final String basePath;
    private final String postLoginPath;
    private final List<String> protectedPaths;
    private final HomeRealmDiscovery discovery;
    private final @Nullable SamlEndpoints saml;
    private final @Nullable OidcEndpoints oidc;

    private JitLogin(Builder b) {
        this.basePath = b.basePath;
        this.postLoginPath = b.postLoginPath;
        this.protectedPaths = List.copyOf(b.protectedPaths);
        Provisioner provisioner = Objects.requireNonNull(b.provisioner, "provisioner cannot be null");
        Refusals refusals = new Refusals(b.auditSink, b.clock);
        SessionRegistry sessions = new SessionRegistry();
        Logins logins = new Logins(provisioner, refusals, sessions, b.clock);
        this.discovery = new HomeRealmDiscovery(Objects.requireNonNull(b.domains, "domains cannot be null"), b.routes);
        String base = Objects.requireNonNull(b.baseUrl, "baseUrl cannot be null") + b.basePath;
        if (b.samlServiceProvider != null) {
            if (!b.samlServiceProvider.acsUrl().equals(base + "/saml/acs")) {
                throw new IllegalArgumentException("The SAML ACS URL must be [" + base + "/saml/acs], not ["
                        + b.samlServiceProvider.acsUrl() + "]");
            }
            this.saml = new SamlEndpoints(b.samlServiceProvider, Objects.requireNonNull(b.samlIdentityProviders),
                    Objects.requireNonNull(b.samlVerifier), SamlAuthnRequests.of(b.samlServiceProvider, b.clock),
                    b.samlSingleLogout, logins, refusals, sessions);
        } else {
            this.saml = null;
        }
        this.oidc = b.oidcLogin == null ? null : new OidcEndpoints(b.oidcLogin, Objects.requireNonNull(b.oidcVerifier),
                URI.create(base + "/oidc/callback"), logins, refusals, sessions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code request} is for one of jit's own endpoints. */
    boolean handles(HttpServletRequest request) {
        String path = path(request);
        return path.equals(basePath) || path.startsWith(basePath + "/");
    }

    /** Serves one of jit's endpoints. */
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String endpoint = path(request).substring(basePath.length());
        String returnPath = SafeRedirects.relativePath(request.getParameter("return")).orElse(postLoginPath);
        boolean post = "POST".equals(request.getMethod());
        switch (endpoint) {
            case "/login" -> discover(request, response, returnPath, post);
            case "/logout" -> {
                Logins.logout(request);
                Responses.redirect(response, returnPath);
            }
            case "/saml/login" -> requireSaml(response).login(request, response, String.valueOf(request.getParameter("idp")),
                    returnPath, "true".equals(request.getParameter("force")));
            case "/saml/acs" -> requireSaml(response).acs(request, response, postLoginPath);
            case "/saml/metadata" -> requireSaml(response).metadata(response);
            case "/saml/slo" -> requireSaml(response).slo(request, response, postLoginPath);
            case "/oidc/login" -> requireOidc(response).login(request, response, String.valueOf(request.getParameter("idp")),
                    returnPath, "true".equals(request.getParameter("force")));
            case "/oidc/callback" -> requireOidc(response).callback(request, response);
            case "/oidc/backchannel-logout" -> requireOidc(response).backchannelLogout(request, response);
            default -> Responses.text(response, HttpServletResponse.SC_NOT_FOUND, "text/plain;charset=UTF-8", "Not found");
        }
    }

    /** Whether requests to {@code request}'s path need a signed-in principal. */
    boolean isProtected(HttpServletRequest request) {
        String path = path(request);
        return protectedPaths.stream().anyMatch(path::startsWith);
    }

    /** Answers a request that needs a principal and has none: the login page for a browser, 401 for an API. */
    void challenge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accept = String.valueOf(request.getHeader("Accept"));
        if ("GET".equals(request.getMethod()) && accept.contains("text/html")) {
            String target = path(request) + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            String back = SafeRedirects.relativePath(target).orElse(postLoginPath);
            Responses.redirect(response, request.getContextPath() + basePath + "/login?return="
                    + URLEncoder.encode(back, StandardCharsets.UTF_8));
        } else {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"jit\"");
            Responses.text(response, HttpServletResponse.SC_UNAUTHORIZED, "application/json",
                    "{\"error\":\"unauthenticated\"}");
        }
    }

    private void discover(HttpServletRequest request, HttpServletResponse response, String returnPath, boolean post)
            throws IOException {
        String action = request.getContextPath() + basePath + "/login";
        if (!post) {
            Responses.html(response, HttpServletResponse.SC_OK, HomeRealmDiscovery.form(action, returnPath, false));
            return;
        }
        Optional<IdpRoute> route = discovery.route(String.valueOf(request.getParameter("email")));
        if (route.isEmpty()) {
            Responses.html(response, HttpServletResponse.SC_OK, HomeRealmDiscovery.form(action, returnPath, true));
        } else if (route.get().protocol() == IdpRoute.Protocol.SAML) {
            requireSaml(response).login(request, response, route.get().id(), returnPath, false);
        } else {
            requireOidc(response).login(request, response, route.get().id(), returnPath, false);
        }
    }

    private SamlEndpoints requireSaml(HttpServletResponse response) {
        if (saml == null) {
            throw new IllegalStateException("SAML is not configured");
        }
        return saml;
    }

    private OidcEndpoints requireOidc(HttpServletResponse response) {
        if (oidc == null) {
            throw new IllegalStateException("OpenID Connect is not configured");
        }
        return oidc;
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** Configures a {@link JitLogin}. */
    public static final class Builder {

        private @Nullable String baseUrl;
        private String basePath = "/sso";
        private String postLoginPath = "/";
        private final List<String> protectedPaths = new ArrayList<>();
        private @Nullable Provisioner provisioner;
        private AuditSink auditSink = AuditSink.slf4j();
        private @Nullable DomainRegistry domains;
        private final Map<String, List<IdpRoute>> routes = new LinkedHashMap<>();
        private @Nullable SamlServiceProvider samlServiceProvider;
        private @Nullable SamlIdentityProviders samlIdentityProviders;
        private @Nullable SamlVerifier samlVerifier;
        private @Nullable SamlSingleLogout samlSingleLogout;
        private @Nullable OidcLogin oidcLogin;
        private @Nullable OidcVerifier oidcVerifier;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The application's public origin, e.g. {@code https://app.example}: endpoint URLs start with it. */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl cannot be null");
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return this;
        }

        /** Where jit's endpoints live, {@code /sso} by default ({@code /sso/saml/acs}, {@code /sso/login}...). */
        public Builder basePath(String basePath) {
            if (!basePath.startsWith("/") || basePath.endsWith("/")) {
                throw new IllegalArgumentException("basePath must start with / and not end with one");
            }
            this.basePath = basePath;
            return this;
        }

        /** Where people go after signing in when they asked for nothing else; {@code /} by default. */
        public Builder postLoginPath(String path) {
            this.postLoginPath = SafeRedirects.relativePath(path).orElseThrow(() ->
                    new IllegalArgumentException("postLoginPath must be a relative path"));
            return this;
        }

        /** Path prefixes that need a signed-in person: browsers are sent to log in, API calls get 401. */
        public Builder protectedPaths(String... prefixes) {
            protectedPaths.addAll(List.of(prefixes));
            return this;
        }

        public Builder provisioner(Provisioner provisioner) {
            this.provisioner = Objects.requireNonNull(provisioner, "provisioner cannot be null");
            return this;
        }

        /** Where refusals that happen before provisioning (messages that do not verify) are recorded. */
        public Builder auditSink(AuditSink auditSink) {
            this.auditSink = Objects.requireNonNull(auditSink, "auditSink cannot be null");
            return this;
        }

        /** The verified domains that {@code /login} resolves emails with. */
        public Builder domains(DomainRegistry domains) {
            this.domains = Objects.requireNonNull(domains, "domains cannot be null");
            return this;
        }

        /** How the people of {@code tenantId} sign in; the first route is the one {@code /login} uses. */
        public Builder route(String tenantId, IdpRoute route) {
            routes.computeIfAbsent(tenantId, t -> new ArrayList<>()).add(Objects.requireNonNull(route));
            return this;
        }

        public Builder saml(SamlServiceProvider serviceProvider, SamlIdentityProviders identityProviders,
                SamlVerifier verifier) {
            this.samlServiceProvider = Objects.requireNonNull(serviceProvider);
            this.samlIdentityProviders = Objects.requireNonNull(identityProviders);
            this.samlVerifier = Objects.requireNonNull(verifier);
            return this;
        }

        public Builder samlSingleLogout(SamlSingleLogout singleLogout) {
            this.samlSingleLogout = Objects.requireNonNull(singleLogout);
            return this;
        }

        public Builder oidc(OidcLogin login, OidcVerifier verifier) {
            this.oidcLogin = Objects.requireNonNull(login);
            this.oidcVerifier = Objects.requireNonNull(verifier);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        public JitLogin build() {
            return new JitLogin(this);
        }
    }
}
