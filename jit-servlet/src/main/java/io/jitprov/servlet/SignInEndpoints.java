package io.jitprov.servlet;

import io.jitprov.core.tenant.StepUp;
import io.jitprov.servlet.internal.Headers;
import io.jitprov.servlet.internal.Responses;
import io.jitprov.servlet.internal.SafeRedirects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sign-in endpoints under the base path: home-realm discovery ({@code /login}), and the SAML
 * and OIDC endpoints of whichever protocols are configured; and sending there whoever needs to sign in.
 */
final class SignInEndpoints {

    private final String basePath;
    private final String postLoginPath;
    private final HomeRealmDiscovery discovery;
    private final @Nullable SamlEndpoints saml;
    private final @Nullable OidcEndpoints oidc;
    private final CrossSiteStarts crossSite;

    SignInEndpoints(String basePath, String postLoginPath, HomeRealmDiscovery discovery, @Nullable SamlEndpoints saml,
            @Nullable OidcEndpoints oidc, CrossSiteStarts crossSite) {
        this.crossSite = crossSite;
        this.basePath = basePath;
        this.postLoginPath = postLoginPath;
        this.discovery = discovery;
        this.saml = saml;
        this.oidc = oidc;
    }

    /** Serves {@code endpoint} when it is a sign-in endpoint; false when it is not one. */
    boolean handle(HttpServletRequest request, HttpServletResponse response, String endpoint, String returnPath)
            throws IOException {
        if ((endpoint.startsWith("/saml/") && saml == null) || (endpoint.startsWith("/oidc/") && oidc == null)) {
            return false; // a protocol this deployment does not speak: not found, like any other path
        }
        boolean start = endpoint.equals("/saml/login") || endpoint.equals("/oidc/login")
                || (endpoint.equals("/login") && "POST".equals(request.getMethod()));
        if (start && crossSite.startedElsewhere(request)) {
            startedElsewhere(request, response, endpoint);
            return true;
        }
        boolean force = "true".equals(request.getParameter("force"));
        String idp = String.valueOf(request.getParameter("idp"));
        switch (endpoint) {
            case "/login" -> discover(request, response, returnPath, "POST".equals(request.getMethod()));
            case "/saml/login" -> requireSaml().login(request, response, idp, returnPath, force, null);
            case "/saml/acs" -> requireSaml().acs(request, response, postLoginPath);
            case "/saml/metadata" -> requireSaml().metadata(response);
            case "/saml/slo" -> requireSaml().slo(request, response, postLoginPath);
            case "/oidc/login" -> requireOidc().login(request, response, idp, returnPath, force, null);
            case "/oidc/callback" -> requireOidc().callback(request, response);
            case "/oidc/backchannel-logout" -> requireOidc().backchannelLogout(request, response);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Answers a request that needs a principal and has none: the login page for a browser, 401 for an API. */
    void challenge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accept = String.valueOf(Headers.get(request, "Accept"));
        if ("GET".equals(request.getMethod()) && accept.contains("text/html")) {
            // The path as sent: already checked to be unambiguous, and still percent-encoded for Location.
            String sent = request.getRequestURI().substring(request.getContextPath().length());
            String target = sent + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            String back = SafeRedirects.relativePath(target).orElse(postLoginPath);
            Responses.redirect(response, request.getContextPath() + basePath + "/login?return="
                    + URLEncoder.encode(back, StandardCharsets.UTF_8));
        } else {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"jit\"");
            Responses.text(response, HttpServletResponse.SC_UNAUTHORIZED, "application/json",
                    "{\"error\":\"unauthenticated\"}");
        }
    }

    /** A sign-in another site started: a link gets a page that asks; a posted form is refused. */
    private void startedElsewhere(HttpServletRequest request, HttpServletResponse response, String endpoint)
            throws IOException {
        String here = request.getContextPath() + basePath + endpoint;
        if ("POST".equals(request.getMethod())) {
            Responses.html(response, HttpServletResponse.SC_FORBIDDEN, CrossSiteStarts.refused(here));
        } else {
            String query = request.getQueryString();
            Responses.html(response, HttpServletResponse.SC_OK, CrossSiteStarts.confirm(query == null ? here
                    : here + "?" + query));
        }
    }

    /** Sends the browser to {@code route}'s IdP; with {@code stepUp}, for a fresh and strong enough login. */
    void startLogin(HttpServletRequest request, HttpServletResponse response, IdpRoute route, String returnPath,
            @Nullable StepUp stepUp) throws IOException {
        if (route.protocol() == IdpRoute.Protocol.SAML) {
            requireSaml().login(request, response, route.id(), returnPath, stepUp != null, stepUp);
        } else {
            requireOidc().login(request, response, route.id(), returnPath, stepUp != null, stepUp);
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
        } else {
            startLogin(request, response, route.get(), returnPath, null);
        }
    }

    private SamlEndpoints requireSaml() {
        if (saml == null) {
            throw new IllegalStateException("SAML is not configured");
        }
        return saml;
    }

    private OidcEndpoints requireOidc() {
        if (oidc == null) {
            throw new IllegalStateException("OpenID Connect is not configured");
        }
        return oidc;
    }

}
