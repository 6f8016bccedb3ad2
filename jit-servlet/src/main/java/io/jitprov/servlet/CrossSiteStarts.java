package io.jitprov.servlet;

import io.jitprov.servlet.internal.Headers;
import io.jitprov.servlet.internal.Html;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;

/**
 * Login CSRF: another site makes the browser start a sign-in at an IdP the attacker runs, which
 * answers at once for the attacker, and the victim goes on as the attacker (possibly typing data
 * into the attacker's account). A sign-in may only be started by jit's own pages or by the person
 * (a typed address, a bookmark): the browser says which with Fetch Metadata
 * ({@code Sec-Fetch-Site}), older browsers with {@code Origin} on a POST.
 */
final class CrossSiteStarts {

    private final String origin;

    /** @param baseUrl the application's public URL; its origin is the only one trusted */
    CrossSiteStarts(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.origin = (uri.getScheme() + "://" + uri.getRawAuthority()).toLowerCase(Locale.ROOT);
    }

    /** Whether the browser says a page of another origin (a sibling subdomain included) sent this request. */
    boolean startedElsewhere(HttpServletRequest request) {
        String site = Headers.get(request, "Sec-Fetch-Site");
        if (site != null) {
            return !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none");
        }
        String from = Headers.get(request, "Origin");
        return from != null && !from.equals("null") && !from.toLowerCase(Locale.ROOT).equals(origin);
    }

    /** The page that asks, when another site linked to a sign-in start: the person's click makes it theirs. */
    static String confirm(String continueUrl) {
        return Html.page("Sign in", "<p>Another site sent you here to sign in. Continue only if you meant to"
                + " sign in to this application.</p><p><a href=\"" + Html.escape(continueUrl) + "\">Continue to sign"
                + " in</a></p>");
    }

    /** The answer to a sign-in form posted by another site. */
    static String refused(String signInUrl) {
        return Html.page("Sign in", "<p>This sign-in was started by another site, so it was not started. To sign"
                + " in, use the sign-in page.</p><p><a href=\"" + Html.escape(signInUrl) + "\">Go to the sign-in"
                + " page</a></p>");
    }
}
