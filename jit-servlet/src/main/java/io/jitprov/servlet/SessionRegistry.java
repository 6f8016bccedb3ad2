package io.jitprov.servlet;

import io.jitprov.core.LogoutEvent;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions this node opened, so that an IdP's logout (SAML LogoutRequest, OIDC back-channel
 * logout) can end exactly the matching ones: by session index or {@code sid} when the IdP names
 * sessions, else every session of the subject.
 */
final class SessionRegistry {

    /** Stored in the session beside the principal: knows when the session ends, however it ends. */
    static final class Registration implements HttpSessionBindingListener, Serializable {
        private static final long serialVersionUID = 1L;
        private final transient SessionRegistry registry;
        private final JitPrincipal principal;

        Registration(SessionRegistry registry, JitPrincipal principal) {
            this.registry = registry;
            this.principal = principal;
        }

        JitPrincipal principal() {
            return principal;
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            if (registry != null) {
                registry.sessions.remove(event.getSession().getId());
            }
        }
    }

    private record Entry(HttpSession session, JitPrincipal principal) { }

    /** Told about each session an IdP logout ended, with the session ids the IdP named. */
    @FunctionalInterface
    interface Ended {
        void ended(JitPrincipal principal, List<String> sessionIds);
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Ended ended;

    SessionRegistry(Ended ended) {
        this.ended = ended;
    }

    void register(HttpSession session, JitPrincipal principal) {
        sessions.put(session.getId(), new Entry(session, principal));
    }

    void renamed(String oldId, HttpSession session) {
        Entry entry = sessions.remove(oldId);
        if (entry != null) {
            sessions.put(session.getId(), new Entry(session, entry.principal()));
        }
    }

    /** Ends every session of the account on this node (deprovisioning); returns how many. */
    int endAccount(String accountId) {
        int ended = 0;
        for (Entry entry : List.copyOf(sessions.values())) {
            if (entry.principal().accountId().equals(accountId) && sessions.remove(entry.session().getId()) != null) {
                invalidate(entry.session());
                ended++;
            }
        }
        return ended;
    }

    private static void invalidate(HttpSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyEnded) {
            // ended meanwhile: what we wanted
        }
    }

    /** Whether {@code event} names {@code principal}'s session: by session index or sid, else by subject. */
    static boolean matches(JitPrincipal principal, LogoutEvent event) {
        if (!principal.issuer().equals(event.issuer())) {
            return false;
        }
        if (event.sessionIds().isEmpty()) {
            return principal.subject().equals(event.subject());
        }
        return principal.sessionIndex().map(event.sessionIds()::contains).orElse(false)
                && (event.subject() == null || event.subject().equals(principal.subject()));
    }

    /** Ends the sessions {@code event} names; returns how many. */
    int end(LogoutEvent event) {
        List<Entry> matching = new ArrayList<>();
        for (Entry entry : sessions.values()) {
            if (matches(entry.principal(), event)) {
                matching.add(entry);
            }
        }
        for (Entry entry : matching) {
            sessions.remove(entry.session().getId());
            ended.ended(entry.principal(), event.sessionIds());
            invalidate(entry.session());
        }
        return matching.size();
    }
}
