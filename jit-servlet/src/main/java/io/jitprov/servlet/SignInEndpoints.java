package io.jitprov.servlet;

import io.jitprov.core.StepUp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sign-in endpoints under the base path: home-realm discovery ({@code /login}), and the SAML
 * and OIDC endpoints of whichever protocols are configured.
 */
final class SignInEndpoints {

    private final String basePath;
    private final String postLoginPath;
    private final HomeRealmDiscovery discovery;
    private final @Nullable SamlEndpoints saml;
    private final @Nullable OidcEndpoints oidc;

    SignInEndpoints(String basePath, String postLoginPath, HomeRealmDiscovery discovery, @Nullable SamlEndpoints saml,
            @Nullable OidcEndpoints oidc) {
        this.basePath = basePath;
        this.postLoginPath = postLoginPath;
        this.discovery = discovery;
        this.saml = saml;
        this.oidc = oidc;
    }

    /** Serves {@code endpoint} when it is a sign-in endpoint; false when it is not one. */
    boolean handle(HttpServletRequest request, HttpServletResponse response, String endpoint, String returnPath)
            throws IOException {
        boolean force = "true".equals(request.getParameter("force"));
        String idp = String.valueOf(request.getParameter("idp"));
        switch (endpoint) {
            case "/login" -> discover(request, response, returnPath, "POST".equals(request.getMethod()));
            case "/saml/login" -> requireSaml(response).login(request, response, idp, returnPath, force, null);
            case "/saml/acs" -> requireSaml(response).acs(request, response, postLoginPath);
            case "/saml/metadata" -> requireSaml(response).metadata(response);
            case "/saml/slo" -> requireSaml(response).slo(request, response, postLoginPath);
            case "/oidc/login" -> requireOidc(response).login(request, response, idp, returnPath, force, null);
            case "/oidc/callback" -> requireOidc(response).callback(request, response);
            case "/oidc/backchannel-logout" -> requireOidc(response).backchannelLogout(request, response);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Sends the browser to {@code route}'s IdP; with {@code stepUp}, for a fresh and strong enough login. */
    void startLogin(HttpServletRequest request, HttpServletResponse response, IdpRoute route, String returnPath,
            @Nullable StepUp stepUp) throws IOException {
        if (route.protocol() == IdpRoute.Protocol.SAML) {
            requireSaml(response).login(request, response, route.id(), returnPath, stepUp != null, stepUp);
        } else {
            requireOidc(response).login(request, response, route.id(), returnPath, stepUp != null, stepUp);
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

}
