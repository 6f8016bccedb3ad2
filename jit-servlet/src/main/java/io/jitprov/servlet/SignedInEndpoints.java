package io.jitprov.servlet;

import io.jitprov.core.elevation.Elevation;
import io.jitprov.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints for signed-in people under the base path: {@code /logout}, elevation and the
 * access review. A session's time-bound grants end with the session.
 */
final class SignedInEndpoints {

    private final String basePath;
    private final @Nullable Elevation elevation;
    private final @Nullable ElevationEndpoints elevationEndpoints;
    private final @Nullable ReviewEndpoint review;

    SignedInEndpoints(String basePath, @Nullable Elevation elevation, @Nullable ElevationEndpoints elevationEndpoints,
            @Nullable ReviewEndpoint review) {
        this.basePath = basePath;
        this.elevation = elevation;
        this.elevationEndpoints = elevationEndpoints;
        this.review = review;
    }

    /** Whether {@code endpoint} is one of these that need a principal: elevation or the access review. */
    boolean serves(String endpoint) {
        return toElevation(endpoint) || (review != null && endpoint.equals("/review"));
    }

    /** Serves {@code endpoint}, one that {@link #serves} names, to the signed-in {@code principal}. */
    void handle(HttpServletRequest request, HttpServletResponse response, JitPrincipal principal, String endpoint)
            throws IOException {
        if (toElevation(endpoint) && elevationEndpoints != null) {
            elevationEndpoints.handle(request, response, principal, endpoint.substring("/elevation".length()));
        } else if (review != null) {
            review.handle(request, response, principal);
        }
    }

    private boolean toElevation(String endpoint) {
        return elevationEndpoints != null && (endpoint.equals("/elevation") || endpoint.startsWith("/elevation/"));
    }

    /**
     * {@code /logout}: a POST with the session's CSRF token signs out and ends the session's grants;
     * a GET only asks, so that a link or image on another site cannot sign anyone out.
     */
    void logout(HttpServletRequest request, HttpServletResponse response, String returnPath) throws IOException {
        Optional<JitPrincipal> who = Logins.principal(request);
        String action = request.getContextPath() + basePath + "/logout";
        if (who.isEmpty()) {
            Responses.redirectInApp(request, response, returnPath);
        } else if (!"POST".equals(request.getMethod())) {
            Responses.html(response, HttpServletResponse.SC_OK, SignOutPage.confirm(action, request.getContextPath(),
                    CsrfTokens.of(request.getSession(true)), returnPath));
        } else if (!CsrfTokens.valid(request)) {
            Responses.html(response, HttpServletResponse.SC_FORBIDDEN, SignOutPage.expired(action,
                    request.getContextPath(), returnPath));
        } else {
            endSessionGrants(who.get());
            Logins.logout(request);
            Responses.redirectInApp(request, response, returnPath);
        }
    }

    /** Revokes the grants the signed-in person asked for in this session, if anyone is signed in. */
    void endSessionGrants(HttpServletRequest request) {
        Logins.principal(request).ifPresent(this::endSessionGrants);
    }

    private void endSessionGrants(JitPrincipal principal) {
        endGrants(elevation, principal, principal.sessionIndex().map(List::of).orElse(List.of()), "logout");
    }

    /** Revokes the grants {@code principal} holds for {@code sessionIds}, when elevation is on. */
    static void endGrants(@Nullable Elevation elevation, JitPrincipal principal, Collection<String> sessionIds,
            String reason) {
        if (elevation != null) {
            elevation.revokeAll(principal.accountId(), sessionIds, reason);
        }
    }
}
