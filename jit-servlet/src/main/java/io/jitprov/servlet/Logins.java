package io.jitprov.servlet;

import io.jitprov.core.JitStoreException;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What every protocol does once it holds a verified identity: provision the account, start a
 * fresh session (a new session id, so a session fixed before login is worthless), and send the
 * person on. Also finds the principal of later requests.
 */
final class Logins {

    static final String PRINCIPAL = JitPrincipal.class.getName();

    private final Provisioner provisioner;
    private final Refusals refusals;
    private final SessionRegistry sessions;
    private final Clock clock;
    private final Observers observers;

    Logins(Provisioner provisioner, Refusals refusals, SessionRegistry sessions, Clock clock, Observers observers) {
        this.observers = observers;
        this.provisioner = provisioner;
        this.refusals = refusals;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Provisions a verified identity and signs it in; {@code verificationNanos} is what verifying it took. */
    void complete(HttpServletRequest request, HttpServletResponse response, VerifiedIdentity identity,
            IdpRoute.Protocol protocol, String returnPath, long verificationNanos) throws IOException {
        ProvisioningResult result;
        try {
            result = provisioner.provision(identity);
        } catch (JitStoreException e) {
            observers.signIn(protocol, "unavailable", e.code(), null, verificationNanos);
            refusals.unavailable(response, e.code());
            return;
        }
        String tenant = result.tenantId().orElse(null);
        if (result.refused()) {
            observers.signIn(protocol, "refused", result.refusal().orElseThrow().code(), tenant, verificationNanos);
            refusals.refuseLogin(response, result.refusal().orElseThrow(), result.correlationId());
            return;
        }
        observers.signIn(protocol, result.outcome().name().toLowerCase(Locale.ROOT), null, tenant, verificationNanos);
        JitPrincipal principal = new JitPrincipal(result.account().orElseThrow(), identity, protocol, clock.instant());
        HttpSession session = freshSession(request, principal);
        session.setAttribute(PRINCIPAL, new SessionRegistry.Registration(sessions, principal));
        sessions.register(session, principal);
        Responses.redirectInApp(request, response, returnPath);
    }

    /**
     * The session to sign {@code principal} in with, under a new id and without any security state
     * from before the login: a CSRF token or pending login planted by whoever fixed the session is
     * worthless. Only {@code principal}'s own step-ups stay (one waits for this very login). The
     * session of another person is ended altogether, so nothing of theirs passes to this one.
     */
    private HttpSession freshSession(HttpServletRequest request, JitPrincipal principal) {
        Optional<JitPrincipal> before = principal(request);
        if (before.isPresent() && !before.get().accountId().equals(principal.accountId())) {
            logout(request);
            return request.getSession(true);
        }
        HttpSession session = request.getSession(true);
        String oldId = session.getId();
        request.changeSessionId();
        sessions.renamed(oldId, session);
        CsrfTokens.reset(session);
        PendingLogins.keepOnlyStepUpsOf(session, principal.accountId());
        return session;
    }

    static Optional<JitPrincipal> principal(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        try {
            Object registration = session.getAttribute(PRINCIPAL);
            return registration instanceof SessionRegistry.Registration r ? Optional.of(r.principal()) : Optional.empty();
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
    }

    static void logout(HttpServletRequest request) {
        @Nullable HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyEnded) {
                // nothing left to end
            }
        }
    }
}
