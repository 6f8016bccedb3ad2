package io.jitprov.servlet;

import io.jitprov.servlet.internal.Html;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The pages of {@code /logout}: signing out is a POST carrying the session's CSRF token, so a
 * GET (a link, or an image on another site) only shows a button that asks.
 */
final class SignOutPage {

    private SignOutPage() {
    }

    /**
     * @param action the absolute path of {@code /logout}
     * @param contextPath the application's context path, for the way back
     * @param returnPath where to go afterwards, within the application
     */
    static String confirm(String action, String contextPath, String csrfToken, String returnPath) {
        return Html.page("Sign out", "<p>Sign out of this application? Time-bound roles granted to this"
                + " session end with it.</p><form method=\"post\" action=\"" + Html.escape(action) + "\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(csrfToken) + "\">"
                + "<input type=\"hidden\" name=\"return\" value=\"" + Html.escape(returnPath) + "\">"
                + "<button type=\"submit\">Sign out</button> <a href=\"" + Html.escape(contextPath + returnPath)
                + "\">Cancel</a></form>");
    }

    /** The form was stale (the session changed since): say so and offer the way to a fresh one. */
    static String expired(String action, String contextPath, String returnPath) {
        return Html.page("Sign out", "<p>This sign-out form has expired. Use the button on the next page to sign"
                + " out.</p><p><a href=\"" + Html.escape(action + "?return=" + URLEncoder.encode(returnPath,
                StandardCharsets.UTF_8)) + "\">Sign out</a> &middot; <a href=\""
                + Html.escape(contextPath + returnPath) + "\">Back</a></p>");
    }
}
