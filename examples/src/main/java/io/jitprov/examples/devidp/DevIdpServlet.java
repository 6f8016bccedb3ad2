package io.jitprov.examples.devidp;

import io.jitprov.examples.Pages;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The development IdP's pages and endpoints under {@code /dev-idp}: a SAML IdP
 * ({@code /dev-idp/saml/...}) and an OpenID provider ({@code /dev-idp/oidc/...}) that sign in the
 * demo person the visitor picks.
 */
public final class DevIdpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    public static final String PATH = "/dev-idp";
    /** The authentication context the development IdP reports when "second factor" is ticked. */
    public static final String MFA_CONTEXT = "urn:jit:demo:mfa";
    static final String PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    private final transient DevSamlIdp saml;
    /** A second SAML IdP, for the tenant the setup pages connect: an organisation's own IdP. */
    private final transient DevSamlIdp umbrellaSaml;
    private final transient DevOidcIdp oidc;
    private final String origin;

    public DevIdpServlet(String origin) {
        this.origin = origin;
        this.saml = new DevSamlIdp(origin + PATH + "/saml", origin + PATH + "/saml/sso");
        this.umbrellaSaml = new DevSamlIdp(origin + PATH + "/umbrella/saml", origin + PATH + "/umbrella/saml/sso");
        this.oidc = new DevOidcIdp(origin + PATH + "/oidc");
    }

    public String samlMetadata() {
        return saml.metadata();
    }

    public String samlEntityId() {
        return saml.entityId();
    }

    /** Where the second SAML IdP publishes its metadata: what Umbrella's IT admin gives the setup pages. */
    public String umbrellaMetadataUrl() {
        return origin + PATH + "/umbrella/saml/metadata";
    }

    public String oidcIssuer() {
        return oidc.issuer();
    }

    public com.nimbusds.jose.jwk.JWKSet oidcKeys() {
        return oidc.publicKeys();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length() + PATH.length());
        boolean post = "POST".equals(request.getMethod());
        try {
            switch (path) {
                case "/saml/metadata" -> text(response, "application/samlmetadata+xml", saml.metadata());
                case "/umbrella/saml/metadata" -> text(response, "application/samlmetadata+xml", umbrellaSaml.metadata());
                case "/saml/sso", "/umbrella/saml/sso" -> {
                    DevSamlIdp idp = path.startsWith("/umbrella/") ? umbrellaSaml : saml;
                    if (post) {
                        samlAnswer(request, response, idp);
                    } else {
                        samlPicker(request, response, idp, PATH + path);
                    }
                }
                case "/oidc/.well-known/openid-configuration" -> text(response, "application/json", oidc.discovery());
                case "/oidc/jwks" -> text(response, "application/json", oidc.publicKeys().toString());
                case "/oidc/authorize" -> {
                    if (post) {
                        oidcAnswer(request, response);
                    } else {
                        oidcPicker(request, response);
                    }
                }
                case "/oidc/token" -> oidcToken(request, response);
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The development IdP could not read that request");
        }
    }

    private void samlPicker(HttpServletRequest request, HttpServletResponse response, DevSamlIdp idp, String action)
            throws Exception {
        DevSamlIdp.Request authn = idp.read(request.getParameter("SAMLRequest"));
        if (!ofThisDemo(authn.acsUrl())) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The development IdP only answers this demo");
            return;
        }
        picker(response, "SAML", action, hidden("id", authn.id()) + hidden("issuer", authn.issuer())
                + hidden("acs", authn.acsUrl()) + hidden("RelayState", String.valueOf(request.getParameter("RelayState")))
                + "<p><label><input type=\"checkbox\" id=\"wrong-acs\" name=\"wrongAcs\" value=\"on\"> Misconfigured"
                + " (demo): address the answer to another ACS URL, as an IdP set up with a typo would</label></p>");
    }

    private void samlAnswer(HttpServletRequest request, HttpServletResponse response, DevSamlIdp idp)
            throws Exception {
        String acs = request.getParameter("acs");
        if (!ofThisDemo(acs)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        DemoPerson person = DemoPerson.bySubject(request.getParameter("person"));
        // A typo at the IdP: the answer names another ACS URL, and is posted to this one anyway.
        String addressedTo = "on".equals(request.getParameter("wrongAcs")) ? origin + "/sso/saml/acs-typo" : acs;
        String encoded = idp.response(new DevSamlIdp.Request(request.getParameter("id"), request.getParameter("issuer"),
                addressedTo),
                person, groups(request, person), "_session-" + UUID.randomUUID(), "on".equals(request.getParameter("mfa")));
        Pages.write(response, "Signing in", "dev", "<form method=\"post\" action=\"" + Pages.escape(acs) + "\">"
                + hidden("SAMLResponse", encoded) + hidden("RelayState", request.getParameter("RelayState"))
                + "<button id=\"continue\" type=\"submit\">Continue to the application</button></form>"
                + "<script>document.forms[0].submit()</script>");
    }

    private void oidcPicker(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String redirectUri = String.valueOf(request.getParameter("redirect_uri"));
        if (!ofThisDemo(redirectUri) || !"S256".equals(request.getParameter("code_challenge_method"))) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The development IdP only answers this demo, with PKCE");
            return;
        }
        StringBuilder fields = new StringBuilder();
        for (String name : List.of("client_id", "redirect_uri", "state", "nonce", "code_challenge")) {
            fields.append(hidden(name, String.valueOf(request.getParameter(name))));
        }
        picker(response, "OpenID Connect", PATH + "/oidc/authorize", fields.toString());
    }

    private void oidcAnswer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String redirectUri = request.getParameter("redirect_uri");
        if (!ofThisDemo(redirectUri)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        DemoPerson person = DemoPerson.bySubject(request.getParameter("person"));
        String code = oidc.issueCode(new DevOidcIdp.Grant(request.getParameter("client_id"), redirectUri,
                request.getParameter("nonce"), request.getParameter("code_challenge"), person, groups(request, person),
                "on".equals(request.getParameter("mfa")),
                "sid-" + UUID.randomUUID(), Instant.now().plus(Duration.ofMinutes(1))));
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", redirectUri + "?code=" + enc(code) + "&state=" + enc(request.getParameter("state"))
                + "&iss=" + enc(oidc.issuer()));
    }

    /** The development IdP answers only the demo it runs in. */
    private boolean ofThisDemo(@Nullable String url) {
        return url != null && url.startsWith(origin + "/");
    }

    private void oidcToken(HttpServletRequest request, HttpServletResponse response) throws Exception {
        Optional<String> tokens = oidc.redeem(String.valueOf(request.getParameter("code")),
                String.valueOf(request.getParameter("client_id")), String.valueOf(request.getParameter("redirect_uri")),
                String.valueOf(request.getParameter("code_verifier")));
        if (tokens.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            text(response, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        text(response, "application/json", tokens.get());
    }

    private static void picker(HttpServletResponse response, String protocol, String action, String fields)
            throws IOException {
        StringBuilder people = new StringBuilder("<p>Sign in with " + protocol + " as:</p>");
        for (DemoPerson person : DemoPerson.ALL) {
            people.append("<p><button type=\"submit\" name=\"person\" id=\"person-").append(Pages.escape(person.subject()))
                    .append("\" value=\"").append(Pages.escape(person.subject())).append("\">")
                    .append(Pages.escape(person.name())).append(" &lt;").append(Pages.escape(person.email()))
                    .append("&gt;</button> groups: ").append(Pages.escape(String.join(", ", person.groups())))
                    .append("</p>");
        }
        people.append("<p><label><input type=\"checkbox\" id=\"mfa\" name=\"mfa\" value=\"on\"> Confirm with a"
                + " second factor (demo: reported as " + MFA_CONTEXT + " / amr mfa)</label></p>");
        people.append("<p><label for=\"groups\">Instead of the usual groups, send these (comma-separated):</label><br>"
                + "<input id=\"groups\" name=\"groups\" size=\"60\" placeholder=\"e.g. acme-staff, acme-eng-backend\"></p>");
        Pages.write(response, "Development identity provider", "dev",
                "<form method=\"post\" action=\"" + Pages.escape(action) + "\">" + fields + people + "</form>");
    }

    private static List<String> groups(HttpServletRequest request, DemoPerson person) {
        String override = request.getParameter("groups");
        if (override == null || override.isBlank()) {
            return person.groups();
        }
        List<String> groups = new ArrayList<>();
        Arrays.stream(override.split(",")).map(String::strip).filter(g -> !g.isEmpty()).forEach(groups::add);
        return groups;
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + Pages.escape(name) + "\" value=\"" + Pages.escape(value) + "\">";
    }

    private static void text(HttpServletResponse response, String type, String body) throws IOException {
        response.setContentType(type + ";charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }
}
