package io.jitprov.servlet;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.LogoutEvent;
import io.jitprov.core.Refusal;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.tenant.StepUp;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcLoginOptions;
import io.jitprov.oidc.OidcRedirect;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.PendingOidcLogin;
import io.jitprov.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code /oidc/login}, {@code /oidc/callback} and {@code /oidc/backchannel-logout}. */
final class OidcEndpoints {

    private final OidcLogin login;
    private final Observers observers;
    private final OidcVerifier verifier;
    private final URI redirectUri;
    private final Logins logins;
    private final Refusals refusals;
    private final SessionRegistry sessions;
    private @Nullable TestSignIns tests;

    OidcEndpoints(OidcLogin login, OidcVerifier verifier, URI redirectUri, Logins logins, Refusals refusals,
            SessionRegistry sessions, Observers observers) {
        this.observers = observers;
        this.login = login;
        this.verifier = verifier;
        this.redirectUri = redirectUri;
        this.logins = logins;
        this.refusals = refusals;
        this.sessions = sessions;
    }

    void testSignIns(TestSignIns tests) {
        this.tests = tests;
    }

    OidcLogin login() {
        return login;
    }

    URI redirectUri() {
        return redirectUri;
    }

    void login(HttpServletRequest request, HttpServletResponse response, String issuer, String returnPath,
            boolean forceLogin, @Nullable StepUp stepUp) throws IOException {
        OidcLoginOptions.Builder options = OidcLoginOptions.builder().forceLogin(forceLogin || stepUp != null);
        if (stepUp != null) {
            // max_age makes the provider send auth_time and the verifier check it.
            options.maxAge(stepUp.maxAge()).acrValues(stepUp.contexts().toArray(String[]::new));
        }
        OidcRedirect redirect;
        try {
            redirect = login.start(issuer, redirectUri, options.build());
        } catch (IllegalArgumentException e) {
            refusals.refuseMessage(response, AuditAction.OIDC_LOGIN, issuer, Refusal.of(JitErrorCodes.UNKNOWN_ISSUER,
                    "No OpenID provider is configured as [" + issuer + "]"));
            return;
        } catch (JitAuthenticationException e) {
            refusals.refuseMessage(response, AuditAction.OIDC_LOGIN, issuer, e.refusal());
            return;
        }
        PendingLogins.put(request.getSession(true), redirect.pending().state(),
                new PendingLogins.Pending(PendingLogins.Kind.OIDC_LOGIN, redirect.pending(), returnPath));
        Responses.redirect(response, redirect.url().toString());
    }

    /** The redirect back: state must name a login this session started, once. */
    void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String state = request.getParameter("state");
        Optional<PendingLogins.Pending> test = state == null || request.getSession(false) == null || tests == null
                ? Optional.empty() : PendingLogins.take(request.getSession(false), PendingLogins.Kind.OIDC_TEST, state);
        if (test.isPresent()) {
            tests.completeOidc(request, response, callbackParameters(request), (TestSignIns.Waiting) test.get().request());
            return;
        }
        Optional<PendingLogins.Pending> pending = state == null || request.getSession(false) == null
                ? Optional.empty() : PendingLogins.take(request.getSession(false), PendingLogins.Kind.OIDC_LOGIN, state);
        if (pending.isEmpty()) {
            refusals.refuseMessage(response, AuditAction.OIDC_CALLBACK, null, Refusal.of(JitErrorCodes.STATE_MISMATCH,
                    "The callback's state names no login this browser session started"));
            return;
        }
        PendingOidcLogin started = (PendingOidcLogin) pending.get().request();
        VerifiedIdentity identity;
        long verifying = System.nanoTime();
        try {
            identity = login.complete(callbackParameters(request), started);
        } catch (JitAuthenticationException e) {
            String outcome = JitErrorCodes.PROVIDER_UNAVAILABLE.equals(e.refusal().code())
                    || JitErrorCodes.IDP_UNAVAILABLE.equals(e.refusal().code()) ? "unavailable" : "refused";
            observers.signIn(IdpRoute.Protocol.OIDC, outcome, e.refusal().code(), null, System.nanoTime() - verifying);
            refusals.refuseMessage(response, AuditAction.OIDC_CALLBACK, started.issuer(), e.refusal());
            return;
        } catch (JitStoreException e) {
            observers.signIn(IdpRoute.Protocol.OIDC, "unavailable", e.code(), null, System.nanoTime() - verifying);
            refusals.unavailable(response, e.code());
            return;
        }
        logins.complete(request, response, identity, IdpRoute.Protocol.OIDC, pending.get().returnPath(),
                System.nanoTime() - verifying);
    }

    private static Map<String, String> callbackParameters(HttpServletRequest request) {
        Map<String, String> parameters = new HashMap<>();
        for (String name : new String[] {"code", "state", "iss", "error", "error_description"}) {
            String value = request.getParameter(name);
            if (value != null) {
                parameters.put(name, value);
            }
        }
        return parameters;
    }

    /** Back-Channel Logout 1.0: the provider posts a logout token; 200 when done, 400 when refused. */
    void backchannelLogout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getParameter("logout_token");
        if (!"POST".equals(request.getMethod()) || token == null) {
            Responses.text(response, HttpServletResponse.SC_BAD_REQUEST, "application/json", "{\"error\":\"invalid_request\"}");
            return;
        }
        LogoutEvent event;
        try {
            event = verifier.verifyLogoutToken(token);
        } catch (JitAuthenticationException e) {
            // Keys or discovery that cannot be read now: the provider should send the token again later.
            boolean unavailable = e.error().code().equals(JitErrorCodes.IDP_UNAVAILABLE)
                    || e.error().code().equals(JitErrorCodes.JWKS_UNAVAILABLE);
            Responses.text(response, unavailable ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
                    : HttpServletResponse.SC_BAD_REQUEST, "application/json", "{\"error\":\""
                    + (unavailable ? "temporarily_unavailable" : "invalid_request") + "\",\"error_description\":\""
                    + e.error().code() + "\"}");
            return;
        } catch (JitStoreException e) {
            Responses.text(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "application/json",
                    "{\"error\":\"temporarily_unavailable\"}");
            return;
        }
        sessions.end(event);
        Responses.text(response, HttpServletResponse.SC_OK, "application/json", "{}");
    }
}
