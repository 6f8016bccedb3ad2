package io.jitprov.sample;

import io.jitprov.servlet.JitFilter;
import io.jitprov.spring.JitAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** The sample's pages: a public home, a dashboard for whoever signed in, and a page for admins. */
@RestController
class Pages {

    private final Reports reports;

    Pages(Reports reports) {
        this.reports = reports;
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String home(Authentication authentication) {
        String who = authentication instanceof JitAuthentication signedIn
                ? "<p>Signed in as <strong>" + html(signedIn.getName()) + "</strong>. <a href=\"/dashboard\">Dashboard</a></p>"
                : "<p><a id=\"sign-in\" href=\"/sso/login?return=%2Fdashboard\">Sign in with your organisation</a></p>";
        return page("jit Spring Boot sample", "<p>Sign in as alice@acme.test or bob@acme.test (SAML), or"
                + " carol@globex.test (OpenID Connect), through the development IdP.</p>" + who);
    }

    @GetMapping(path = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
    String dashboard(JitAuthentication authentication, HttpServletRequest request) {
        String roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
                .map(role -> "<li>" + html(role) + "</li>").collect(Collectors.joining());
        return page("Dashboard", "<dl><dt>Name</dt><dd id=\"name\">" + html(authentication.getName()) + "</dd>"
                + "<dt>Tenant</dt><dd id=\"tenant\">" + html(authentication.getPrincipal().tenantId()) + "</dd>"
                + "<dt>Signed in through</dt><dd id=\"issuer\">" + html(authentication.getPrincipal().issuer())
                + "</dd></dl><h2>Authorities</h2><ul id=\"authorities\">" + roles + "</ul>"
                + "<p><a href=\"/admin\">Admin page</a> (admins only)</p>"
                + "<form method=\"post\" action=\"/sso/logout\"><input type=\"hidden\" name=\"csrf\" value=\""
                + html(String.valueOf(request.getAttribute(JitFilter.CSRF_TOKEN)))
                + "\"><button id=\"sign-out\" type=\"submit\">Sign out</button></form>");
    }

    @GetMapping(path = "/admin", produces = MediaType.TEXT_HTML_VALUE)
    String admin() {
        return page("Admin", "<p id=\"report\">" + html(reports.forAdmins()) + "</p>"
                + "<p><a href=\"/dashboard\">Back to the dashboard</a></p>");
    }

    private static final String STYLE = "body{margin:0;background:#f6f8fa;color:#1f2328;font:16px/1.5 system-ui,sans-serif}"
            + "main{max-width:40rem;margin:3rem auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;"
            + "padding:1.5rem 2rem}h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.1rem}dl{display:grid;"
            + "grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}"
            + "a{color:#1d4ed8}button{padding:.5rem 1rem;font:inherit;font-weight:600;border-radius:6px;"
            + "border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}";

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width, initial-scale=1\"><title>" + html(title) + "</title><style>" + STYLE
                + "</style></head><body><main><h1>" + html(title) + "</h1>" + body + "</main></body></html>";
    }

    private static String html(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
