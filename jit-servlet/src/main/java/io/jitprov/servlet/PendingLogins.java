package io.jitprov.servlet;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Logins started in this browser session and not yet come back, keyed by an unguessable value
 * (the SAML RelayState or the OIDC state), each usable once. A handful are kept (several tabs);
 * the oldest go first.
 */
final class PendingLogins implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String ATTRIBUTE = PendingLogins.class.getName();
    private static final int MAX = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a returning login is checked against, and where the person goes afterwards. */
    record Pending(Serializable request, String returnPath) implements Serializable {
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

    /** Removes and returns the pending login under {@code key}: a second callback finds nothing. */
    static Optional<Pending> take(HttpSession session, String key) {
        synchronized (session) {
            PendingLogins logins = (PendingLogins) session.getAttribute(ATTRIBUTE);
            if (logins == null) {
                return Optional.empty();
            }
            Pending value = logins.pending.remove(key);
            session.setAttribute(ATTRIBUTE, logins);
            return Optional.ofNullable(value);
        }
    }

    private static PendingLogins of(HttpSession session) {
        PendingLogins logins = (PendingLogins) session.getAttribute(ATTRIBUTE);
        return logins != null ? logins : new PendingLogins();
    }

}
