package io.jitprov.servlet;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Logins started in this browser session and not yet come back, keyed by an unguessable value
 * (the SAML RelayState, the OIDC state, a step-up's resume key), each usable once and only as
 * the kind it was made for: an OIDC state presented as a RelayState finds nothing. A handful are
 * kept (several tabs); the oldest go first.
 */
final class PendingLogins implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String ATTRIBUTE = PendingLogins.class.getName();
    private static final int MAX = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a key was made for. */
    enum Kind {
        SAML_LOGIN, OIDC_LOGIN, STEP_UP, SAML_TEST, OIDC_TEST
    }

    /** What a returning login is checked against, and where the person goes afterwards. */
    record Pending(Kind kind, Serializable request, String returnPath) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();

    static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void put(HttpSession session, String key, Pending value) {
        synchronized (session) {
            PendingLogins logins = of(session);
            logins.pending.put(key, value);
            while (logins.pending.size() > MAX) {
                String oldest = logins.pending.keySet().iterator().next();
                logins.pending.remove(oldest);
            }
            // Written back so that sessions kept outside the JVM see the change.
            session.setAttribute(ATTRIBUTE, logins);
        }
    }

    /**
     * Removes and returns the pending login of {@code kind} under {@code key}: a second callback
     * finds nothing, and neither does a key of another kind (which stays for its own use).
     */
    static Optional<Pending> take(HttpSession session, Kind kind, String key) {
        synchronized (session) {
            PendingLogins logins = (PendingLogins) session.getAttribute(ATTRIBUTE);
            if (logins == null || logins.pending.get(key) == null || logins.pending.get(key).kind() != kind) {
                return Optional.empty();
            }
            Pending value = logins.pending.remove(key);
            session.setAttribute(ATTRIBUTE, logins);
            return Optional.of(value);
        }
    }

    /**
     * Empties the session of pending logins at sign-in, keeping only the step-ups of
     * {@code accountId}: one waits for exactly this login to resume. Whatever else was planted
     * in the session before sign-in goes.
     */
    static void keepOnlyStepUpsOf(HttpSession session, String accountId) {
        synchronized (session) {
            PendingLogins logins = (PendingLogins) session.getAttribute(ATTRIBUTE);
            if (logins == null) {
                return;
            }
            logins.pending.values().removeIf(p -> p.kind() != Kind.STEP_UP
                    || !(p.request() instanceof ElevationEndpoints.Waiting w && w.accountId().equals(accountId)));
            session.setAttribute(ATTRIBUTE, logins);
        }
    }

    private static PendingLogins of(HttpSession session) {
        PendingLogins logins = (PendingLogins) session.getAttribute(ATTRIBUTE);
        return logins != null ? logins : new PendingLogins();
    }

}
