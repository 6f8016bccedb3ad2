package io.jitprov.examples;

import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.RoleSource;
import io.jitprov.core.UserStore;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.jdbc.JdbcAuditSink;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The demo application's own pages: home ({@code /}), the dashboard ({@code /app/}) and the
 * tenant's admin page ({@code /admin/}), all reading the person from {@code getUserPrincipal()}.
 */
final class DemoPagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable UserStore accounts;
    private final transient @Nullable JdbcAuditSink audit;
    private final transient @Nullable AccountDirectory directory;
    private final transient @Nullable ElevationSection elevation;
    private final transient @Nullable ConnectionsSection connections;

    /** Lists a tenant's accounts for the admin page. */
    @FunctionalInterface
    interface AccountDirectory {
        List<Account> accountsOf(String tenantId);
    }

    DemoPagesServlet(@Nullable UserStore accounts, @Nullable JdbcAuditSink audit, @Nullable Elevation elevation,
            @Nullable AccountDirectory directory, @Nullable ConnectionsSection connections) {
        this.accounts = accounts;
        this.connections = connections;
        this.audit = audit;
        this.directory = directory;
        this.elevation = elevation == null || accounts == null ? null : new ElevationSection(elevation, accounts);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The path the container dispatched on (decoded, without path parameters), the same one
        // JitFilter decided protection on; routed exactly, so /apple is not the dashboard.
        String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
        Optional<JitPrincipal> who = request.getUserPrincipal() instanceof JitPrincipal p ? Optional.of(p) : Optional.empty();
        boolean dashboard = path.equals("/app") || path.startsWith("/app/");
        boolean admin = path.equals("/admin") || path.startsWith("/admin/");
        if ((dashboard || admin) && who.isEmpty()) {
            // JitFilter protects both; should a configuration ever leave one open, ask for a sign-in, never fail.
            response.sendRedirect("/sso/login?return=%2Fapp%2F");
        } else if (dashboard) {
            dashboard(request, response, who.get());
        } else if (admin) {
            admin(request, response, who.get());
        } else if (path.equals("/")) {
            home(request, response, who);
        } else {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            Pages.write(response, "Not found", "app", "<p>There is no page here. <a href=\"/\">Home</a></p>");
        }
    }

    /** Signing out is a POST with the session's CSRF token: a link on another site cannot sign anyone out. */
    private static String signOut(HttpServletRequest request) {
        return "<form method=\"post\" action=\"/sso/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\""
                + " value=\"" + Pages.escape(csrf(request)) + "\"><input type=\"hidden\" name=\"return\" value=\"/\">"
                + "<button id=\"sign-out\" type=\"submit\">Sign out</button></form>";
    }

    private void home(HttpServletRequest request, HttpServletResponse response, Optional<JitPrincipal> who)
            throws IOException {
        String body = who.map(p -> "<p>Signed in as <strong>" + Pages.escape(p.getName()) + "</strong>. "
                        + "<a href=\"/app/\">Dashboard</a> &middot; " + signOut(request) + "</p>")
                .orElse("<p><a id=\"sign-in\" href=\"/sso/login?return=%2Fapp%2F\">Sign in with your organisation</a></p>"
                        + "<p>Demo organisations: <code>acme.test</code> (SAML) and <code>globex.test</code> (OpenID"
                        + " Connect), both signing in through the development IdP. Try <code>alice@acme.test</code>,"
                        + " <code>carol@globex.test</code>, or a domain no tenant has verified.</p>");
        Pages.write(response, "jit demo", "app", body);
    }

    private void dashboard(HttpServletRequest request, HttpServletResponse response, JitPrincipal who)
            throws IOException {
        StringBuilder roles = new StringBuilder("<table id=\"roles\"><tr><th>Role</th><th>Where it came from</th></tr>");
        Optional<Account> account = accounts == null ? Optional.empty() : accounts.findById(who.accountId());
        if (account.isPresent()) {
            account.get().roles().stream().sorted(Comparator.comparing(AssignedRole::role)).forEach(role -> roles
                    .append("<tr><td>").append(Pages.escape(role.role())).append("</td><td>")
                    .append(role.source() == io.jitprov.core.RoleSource.MAPPED ? "mapped from your groups at the IdP"
                            : "granted by hand").append("</td></tr>"));
            who.activeGrants().forEach(grant -> roles.append("<tr><td>").append(Pages.escape(grant.role()))
                    .append("</td><td>time-bound, until ").append(grant.expiresAt()).append("</td></tr>"));
        } else {
            who.roles().stream().sorted().forEach(role -> roles.append("<tr><td>").append(Pages.escape(role))
                    .append("</td><td>at login</td></tr>"));
        }
        roles.append("</table>");
        String body = "<dl><dt>Account</dt><dd id=\"who\">" + Pages.escape(who.getName()) + "</dd>"
                + "<dt>Tenant</dt><dd id=\"tenant\">" + Pages.escape(who.tenantId()) + "</dd>"
                + "<dt>Signed in through</dt><dd id=\"issuer\">" + Pages.escape(who.issuer()) + "</dd>"
                + "<dt>Authentication</dt><dd>" + Pages.escape(who.authnContext().orElse("not stated")) + "</dd>"
                + "</dl><h2>Roles</h2>" + roles
                + (elevation == null ? "" : elevation.dashboard(who, csrf(request)))
                + (who.roles().contains("admin") ? "<p><a id=\"admin-link\" href=\"/admin/\">Administration</a></p>" : "")
                + "<p>" + signOut(request) + "</p>";
        Pages.write(response, "Dashboard", "app", body);
    }

    private static String csrf(HttpServletRequest request) {
        return String.valueOf(request.getAttribute(JitFilter.CSRF_TOKEN));
    }

    private void admin(HttpServletRequest request, HttpServletResponse response, JitPrincipal who) throws IOException {
        if (!request.isUserInRole("admin")) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            Pages.write(response, "Administration", "app", "<p>Only administrators of your tenant see this page.</p>");
            return;
        }
        StringBuilder body = new StringBuilder("<h2>Accounts of " + Pages.escape(who.tenantId()) + "</h2>"
                + "<p>Access review: <a id=\"review-csv\" href=\"/sso/review?format=csv\">CSV</a> &middot; "
                + "<a id=\"review-json\" href=\"/sso/review\">JSON</a></p>"
                + "<table id=\"accounts\"><tr><th>Email</th><th>Status</th><th>Roles</th><th>Created</th></tr>");
        if (directory != null) {
            for (Account account : directory.accountsOf(who.tenantId())) {
                body.append("<tr><td>").append(Pages.escape(account.emailAddress()
                        .map(email -> account.emailVerified() ? email : email + " (from the directory, unverified)")
                        .orElse("(no email)"))).append("</td><td>")
                        .append(account.status()).append("</td><td>").append(Pages.escape(String.join(", ", account.roleNames())))
                        .append("</td><td>").append(account.createdAt()).append("</td></tr>");
            }
        }
        body.append("</table>");
        if (connections != null) {
            body.append(connections.render(who.tenantId(), csrf(request)));
        }
        body.append("<h2>Audit trail</h2><table id=\"audit\"><tr><th>Time</th><th>Action</th><th>Outcome</th>"
                + "<th>About</th><th>By</th><th>Code</th><th>Roles added</th><th>Roles removed</th></tr>");
        if (audit != null) {
            for (AuditEvent event : audit.recent(who.tenantId(), 50)) {
                body.append("<tr><td>").append(event.time()).append("</td><td>").append(Pages.escape(event.action().value()))
                        .append("</td><td>").append(Pages.escape(event.outcome().value())).append("</td><td>")
                        .append(Pages.escape(Objects.toString(event.subject(), Objects.toString(event.resource(), ""))))
                        .append("</td><td>").append(Pages.escape(event.actor() == null ? "" : event.actor().value()))
                        .append("</td><td>")
                        .append(Pages.escape(Objects.toString(event.code(), ""))).append("</td><td>")
                        .append(Pages.escape(String.join(", ", event.rolesAdded()))).append("</td><td>")
                        .append(Pages.escape(String.join(", ", event.rolesRemoved()))).append("</td></tr>");
            }
        }
        body.append("</table><p><a href=\"/app/\">Dashboard</a> &middot; ").append(signOut(request)).append("</p>");
        if (elevation != null) {
            body.append(elevation.approvals(who, csrf(request)));
        }
        Pages.write(response, "Administration", "app", body.toString());
    }
}
