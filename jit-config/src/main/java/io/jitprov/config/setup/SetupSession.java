package io.jitprov.config.setup;

import io.jitprov.config.SetupLink;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What a browser session holds once a setup link opened it: which link, for which tenant, and the
 * CSRF token its forms carry; plus one page's worth of messages to show after a redirect.
 */
final class SetupSession {

    private static final String SCOPE = SetupSession.class.getName() + ".scope";
    private static final String MESSAGES = SetupSession.class.getName() + ".messages";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The link this session works for. */
    record Scope(String linkId, String tenantId, Instant expiresAt, String csrf) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A message to show on the next page: {@code kind} is ok, info or problem. */
    record Message(String kind, String text) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private SetupSession() {
    }

    /**
     * Opens the session for {@code link}, under a new session id (one an attacker planted is not
     * the one the link opens) and with a new CSRF token.
     */
    static Scope open(HttpServletRequest request, SetupLink link) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        Scope scope = new Scope(link.id(), link.tenantId(), link.expiresAt(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(token));
        session.setAttribute(SCOPE, scope);
        session.removeAttribute(MESSAGES);
        return scope;
    }

    static Optional<Scope> scope(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(SCOPE) instanceof Scope scope ? Optional.of(scope)
                : Optional.empty();
    }

    static void close(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(SCOPE);
            session.removeAttribute(MESSAGES);
        }
    }

    static void tell(HttpServletRequest request, String kind, String text) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            List<Message> messages = new ArrayList<>(taken(session, false));
            messages.add(new Message(kind, text));
            session.setAttribute(MESSAGES, messages);
        }
    }

    /** The messages to show, once. */
    static List<Message> messages(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return List.of();
        }
        synchronized (session) {
            return taken(session, true);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Message> taken(HttpSession session, boolean remove) {
        Object messages = session.getAttribute(MESSAGES);
        if (remove) {
            session.removeAttribute(MESSAGES);
        }
        return messages instanceof List<?> list ? (List<Message>) list : List.of();
    }
}
