package io.jitprov.examples;

import io.jitprov.core.UserStore;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.servlet.JitPrincipal;
import java.util.List;

/**
 * The demo's elevation markup: the dashboard's grants and request forms, and the admin page's
 * approval queue. Every form posts to JitFilter's {@code /sso/elevation} endpoints with the
 * session's CSRF token.
 */
final class ElevationSection {

    private final Elevation elevation;
    private final UserStore accounts;

    ElevationSection(Elevation elevation, UserStore accounts) {
        this.elevation = elevation;
        this.accounts = accounts;
    }

    String dashboard(JitPrincipal who, String csrf) {
        StringBuilder html = new StringBuilder("<h2>Time-bound roles</h2>");
        List<AccessGrant> open = elevation.openGrants(who.accountId());
        html.append("<table id=\"grants\"><tr><th>Role</th><th>Status</th><th>Until</th><th></th></tr>");
        for (AccessGrant grant : open) {
            html.append("<tr><td>").append(Pages.escape(grant.role())).append("</td><td>")
                    .append(grant.status() == GrantStatus.ACTIVE ? "active" : "waiting for approval").append("</td><td>")
                    .append(grant.expiresAt() == null ? "" : grant.expiresAt()).append("</td><td>")
                    .append(form(grant.id() + "/revoke", csrf, "revoke-" + grant.role(), "End now", "")).append("</td></tr>");
        }
        html.append("</table>");
        for (ElevationRule rule : elevation.eligibleRules(who.accountId())) {
            if (open.stream().noneMatch(g -> g.role().equals(rule.role())) && !who.roles().contains(rule.role())) {
                html.append(requestForm(rule, csrf));
            }
        }
        return html.toString();
    }

    private static String requestForm(ElevationRule rule, String csrf) {
        String role = Pages.escape(rule.role());
        String needs = (rule.approvals().count() > 0 ? " Needs " + rule.approvals().count() + " approval(s)." : "")
                + (rule.stepUp().isPresent() ? " Needs a fresh sign-in with a second factor." : "");
        return "<form method=\"post\" action=\"/sso/elevation/request\"><p><strong>" + role + "</strong> for up to "
                + rule.maxDuration().toMinutes() + " minutes." + Pages.escape(needs) + "</p>"
                + "<input type=\"hidden\" name=\"role\" value=\"" + role + "\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Pages.escape(csrf) + "\">"
                + "<input type=\"hidden\" name=\"return\" value=\"/app/\">"
                + "<label>Minutes <input name=\"minutes\" size=\"4\" value=\"" + rule.maxDuration().toMinutes() + "\"></label> "
                + (rule.justificationRequired() ? "<label>Why <input name=\"justification\" id=\"why-" + role
                        + "\" required></label> " : "")
                + (rule.ticketRequired() ? "<label>Ticket <input name=\"ticket\" required></label> " : "")
                + "<button type=\"submit\" id=\"ask-" + role + "\">Ask for " + role + "</button></form>";
    }

    String approvals(JitPrincipal who, String csrf) {
        StringBuilder html = new StringBuilder("<h2>Waiting for your approval</h2><table id=\"approvals\"><tr>"
                + "<th>Who</th><th>Role</th><th>Why</th><th>Asked</th><th></th></tr>");
        for (AccessGrant grant : elevation.awaitingApprovalBy(who.accountId())) {
            String requester = accounts.findById(grant.accountId()).flatMap(a -> a.emailAddress()).orElse(grant.accountId());
            html.append("<tr><td>").append(Pages.escape(requester)).append("</td><td>").append(Pages.escape(grant.role()))
                    .append("</td><td>").append(Pages.escape(String.valueOf(grant.justification()))).append("</td><td>")
                    .append(grant.requestedAt()).append("</td><td>")
                    .append(form(grant.id() + "/approve", csrf, "approve-" + grant.role(), "Approve", "/admin/"))
                    .append(form(grant.id() + "/deny", csrf, "deny-" + grant.role(), "Deny", "/admin/"))
                    .append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static String form(String action, String csrf, String id, String label, String returnPath) {
        return "<form method=\"post\" style=\"display:inline\" action=\"/sso/elevation/" + Pages.escape(action) + "\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Pages.escape(csrf) + "\">"
                + "<input type=\"hidden\" name=\"return\" value=\"" + Pages.escape(returnPath.isEmpty() ? "/app/" : returnPath)
                + "\"><button type=\"submit\" id=\"" + Pages.escape(id) + "\">" + Pages.escape(label) + "</button></form>";
    }
}
