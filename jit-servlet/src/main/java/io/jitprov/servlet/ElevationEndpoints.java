package io.jitprov.servlet;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.Refusal;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.ElevationRefusedException;
import io.jitprov.core.elevation.ElevationRequest;
import io.jitprov.core.tenant.StepUp;
import io.jitprov.servlet.internal.Headers;
import io.jitprov.servlet.internal.Html;
import io.jitprov.servlet.internal.Responses;
import io.jitprov.servlet.internal.SafeRedirects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code /elevation}: what the signed-in person may ask for and holds, and what they may approve
 * ({@code GET}); asking ({@code POST /elevation/request}), approving, denying and revoking
 * ({@code POST /elevation/{id}/approve|deny|revoke}). Every POST needs the session's CSRF token.
 * A request that needs a step-up sends the browser to the IdP for a fresh, stronger
 * authentication and is asked again when it comes back ({@code /elevation/resume}).
 */
final class ElevationEndpoints {

    /** Starts a login at the principal's IdP that must meet {@code stepUp}, then returns to {@code returnPath}. */
    @FunctionalInterface
    interface StepUpLogin {
        void start(HttpServletRequest request, HttpServletResponse response, IdpRoute route, String returnPath,
                StepUp stepUp) throws IOException;
    }

    /** A request waiting for its step-up, kept in the session. */
    record Waiting(String accountId, String role, @Nullable Long seconds, @Nullable String justification,
            @Nullable String ticket, String returnPath, long stepUpSeconds, List<String> contexts, boolean mfa)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        StepUp stepUp() {
            StepUp stepUp = StepUp.within(Duration.ofSeconds(stepUpSeconds)).contexts(contexts.toArray(String[]::new));
            return mfa ? stepUp.mfa() : stepUp;
        }
    }

    private final Elevation elevation;
    private final String endpoint;
    private final String postLoginPath;
    private final StepUpLogin stepUpLogin;

    ElevationEndpoints(Elevation elevation, String endpoint, String postLoginPath, StepUpLogin stepUpLogin) {
        this.elevation = elevation;
        this.endpoint = endpoint;
        this.postLoginPath = postLoginPath;
        this.stepUpLogin = stepUpLogin;
    }

    /** Serves {@code /elevation} and below; {@code rest} is the path after {@code /elevation}. */
    void handle(HttpServletRequest request, HttpServletResponse response, JitPrincipal who, String rest)
            throws IOException {
        // Accept is read again once the request is done: one that cannot be read (a firewall's refusal,
        // a 400) must stop the request here, before a grant or a decision is written.
        wantsHtml(request);
        boolean post = "POST".equals(request.getMethod());
        if (post && !CsrfTokens.valid(request)) {
            Responses.text(response, HttpServletResponse.SC_FORBIDDEN, "application/json",
                    "{\"error\":\"csrf_token_invalid\"}");
            return;
        }
        try {
            if (rest.isEmpty() && !post) {
                overview(request, response, who);
            } else if (rest.equals("/request") && post) {
                ask(request, response, who, fromForm(request, who));
            } else if (rest.equals("/step-up") && !post) {
                stepUp(request, response, who);
            } else if (rest.equals("/resume") && !post) {
                resume(request, response, who);
            } else if (post && rest.matches("/[^/]+/(approve|deny|revoke)")) {
                decide(request, response, who, rest.substring(1, rest.lastIndexOf('/')), rest.substring(rest.lastIndexOf('/') + 1));
            } else {
                Responses.text(response, HttpServletResponse.SC_NOT_FOUND, "application/json", "{\"error\":\"not_found\"}");
            }
        } catch (JitStoreException e) {
            Responses.text(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "application/json",
                    "{\"error\":\"" + e.code() + "\"}");
        }
    }

    private void overview(HttpServletRequest request, HttpServletResponse response, JitPrincipal who) throws IOException {
        var body = ElevationJson.object().put("csrf", CsrfTokens.of(request.getSession(true)));
        body.set("eligible", ElevationJson.rules(elevation.eligibleRules(who.accountId())));
        body.set("grants", ElevationJson.grants(elevation.openGrants(who.accountId())));
        body.set("awaitingYourApproval", ElevationJson.grants(elevation.awaitingApprovalBy(who.accountId())));
        Responses.text(response, HttpServletResponse.SC_OK, "application/json", body.toString());
    }

    private Waiting fromForm(HttpServletRequest request, JitPrincipal who) {
        String minutes = request.getParameter("minutes");
        Long seconds = minutes == null || minutes.isBlank() ? null : parseMinutes(minutes);
        String back = SafeRedirects.relativePath(request.getParameter("return")).orElse(postLoginPath);
        return new Waiting(who.accountId(), String.valueOf(request.getParameter("role")), seconds,
                request.getParameter("justification"), request.getParameter("ticket"), back, 0, List.of(), false);
    }

    private void ask(HttpServletRequest request, HttpServletResponse response, JitPrincipal who, Waiting asked)
            throws IOException {
        try {
            AccessGrant grant = elevation.request(new ElevationRequest(who.accountId(), asked.role(),
                    asked.seconds() == null ? null : Duration.ofSeconds(asked.seconds()), asked.justification(),
                    asked.ticket(), who.authentication(), who.sessionIndex().orElse(null)));
            done(request, response, HttpServletResponse.SC_CREATED, grant, asked.returnPath());
        } catch (ElevationRefusedException e) {
            if (!e.code().equals(JitErrorCodes.STEP_UP_REQUIRED) || e.stepUp().isEmpty()
                    || asked.stepUpSeconds() > 0) {
                refused(request, response, e, null, asked.returnPath());
                return;
            }
            StepUp stepUp = e.stepUp().get();
            Waiting waiting = new Waiting(asked.accountId(), asked.role(), asked.seconds(), asked.justification(),
                    asked.ticket(), asked.returnPath(), stepUp.maxAge().getSeconds(), List.copyOf(stepUp.contexts()),
                    stepUp.requiresMfa());
            String key = PendingLogins.newKey();
            PendingLogins.put(request.getSession(true), key, new PendingLogins.Pending(PendingLogins.Kind.STEP_UP, waiting, asked.returnPath()));
            if (wantsHtml(request)) {
                stepUp(request, response, who, key);
            } else {
                refused(request, response, e, endpoint + "/step-up?resume=" + key, asked.returnPath());
            }
        }
    }

    private void stepUp(HttpServletRequest request, HttpServletResponse response, JitPrincipal who) throws IOException {
        stepUp(request, response, who, String.valueOf(request.getParameter("resume")));
    }

    /** Sends the person to their IdP for the step-up; the waiting request moves to a fresh key for the way back. */
    private void stepUp(HttpServletRequest request, HttpServletResponse response, JitPrincipal who, String key)
            throws IOException {
        Optional<Waiting> waiting = take(request, key, who);
        if (waiting.isEmpty()) {
            Responses.text(response, HttpServletResponse.SC_BAD_REQUEST, "application/json", "{\"error\":\"unknown_request\"}");
            return;
        }
        String resume = PendingLogins.newKey();
        PendingLogins.put(request.getSession(true), resume, new PendingLogins.Pending(PendingLogins.Kind.STEP_UP, waiting.get(),
                waiting.get().returnPath()));
        stepUpLogin.start(request, response, who.route(), endpoint + "/resume?key=" + resume, waiting.get().stepUp());
    }

    /** Back from the step-up login: ask again, once, with the new authentication. */
    private void resume(HttpServletRequest request, HttpServletResponse response, JitPrincipal who) throws IOException {
        Optional<Waiting> waiting = take(request, String.valueOf(request.getParameter("key")), who);
        if (waiting.isEmpty()) {
            Responses.text(response, HttpServletResponse.SC_BAD_REQUEST, "application/json", "{\"error\":\"unknown_request\"}");
            return;
        }
        ask(request, response, who, waiting.get());
    }

    /** The waiting request under {@code key}, used once, and only by the account that asked. */
    private static Optional<Waiting> take(HttpServletRequest request, String key, JitPrincipal who) {
        if (request.getSession(false) == null) {
            return Optional.empty();
        }
        return PendingLogins.take(request.getSession(false), PendingLogins.Kind.STEP_UP, key).map(PendingLogins.Pending::request)
                .filter(Waiting.class::isInstance).map(Waiting.class::cast)
                .filter(w -> w.accountId().equals(who.accountId()));
    }

    private void decide(HttpServletRequest request, HttpServletResponse response, JitPrincipal who, String grantId,
            String decision) throws IOException {
        String reason = Optional.ofNullable(request.getParameter("reason")).filter(r -> !r.isBlank()).orElse(decision);
        String back = SafeRedirects.relativePath(request.getParameter("return")).orElse(postLoginPath);
        try {
            AccessGrant grant = switch (decision) {
                case "approve" -> elevation.approve(grantId, who.accountId());
                case "deny" -> elevation.deny(grantId, who.accountId(), reason);
                default -> elevation.revoke(grantId, who.accountId(), reason);
            };
            done(request, response, HttpServletResponse.SC_OK, grant, back);
        } catch (ElevationRefusedException e) {
            refused(request, response, e, null, back);
        }
    }

    private static void done(HttpServletRequest request, HttpServletResponse response, int status, AccessGrant grant,
            String returnPath) throws IOException {
        if (wantsHtml(request)) {
            Responses.redirectInApp(request, response, returnPath);
        } else {
            Responses.text(response, status, "application/json", ElevationJson.grant(grant).toString());
        }
    }

    private static void refused(HttpServletRequest request, HttpServletResponse response, ElevationRefusedException e,
            @Nullable String stepUpUrl, String returnPath) throws IOException {
        int status = statusOf(e.code());
        if (wantsHtml(request)) {
            // The description names roles, durations and accounts as jit keeps them: the person reads plain words.
            Refusal refusal = e.refusal();
            String said = Refusals.words(refusal.code()).orElse("This request was refused.");
            Responses.html(response, status, Html.page("Request refused", "<p>" + Html.escape(said) + "</p>"
                    + Refusals.words(refusal.code() + ".next").map(next -> "<p><strong>What to do:</strong> "
                            + Html.escape(next) + "</p>").orElse("")
                    + "<p class=\"reference\">Reason: <code>" + Html.escape(refusal.code()) + "</code></p><p><a href=\""
                    + Html.escape(returnPath) + "\">Back</a></p>"));
        } else {
            Responses.text(response, status, "application/json", ElevationJson.refusal(e, stepUpUrl).toString());
        }
    }

    static int statusOf(String code) {
        return switch (code) {
            case JitErrorCodes.GRANT_NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case JitErrorCodes.GRANT_NOT_OPEN, JitErrorCodes.ROLE_ALREADY_HELD -> HttpServletResponse.SC_CONFLICT;
            case JitErrorCodes.DURATION_INVALID, JitErrorCodes.JUSTIFICATION_REQUIRED, JitErrorCodes.TICKET_REQUIRED,
                    JitErrorCodes.TEXT_INVALID ->
                    HttpServletResponse.SC_BAD_REQUEST;
            case JitErrorCodes.STEP_UP_REQUIRED -> HttpServletResponse.SC_UNAUTHORIZED;
            default -> HttpServletResponse.SC_FORBIDDEN;
        };
    }

    private static boolean wantsHtml(HttpServletRequest request) {
        return String.valueOf(Headers.get(request, "Accept")).contains("text/html");
    }

    private static long parseMinutes(String minutes) {
        try {
            return Math.multiplyExact(Long.parseLong(minutes.strip()), 60L);
        } catch (NumberFormatException | ArithmeticException e) {
            // Zero is refused by the rule check, with the reason, like any other invalid duration.
            return 0;
        }
    }
}
