package io.jitprov.servlet;

import io.jitprov.servlet.internal.Headers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One unguessable token per signed-in session that every state-changing request to jit's
 * endpoints (elevation, logout) must carry (form field {@code csrf} or header
 * {@code X-CSRF-Token}): a page of another site can make the browser post, but cannot read the
 * token. It is made anew at every sign-in, so a token learnt before cannot be used after.
 */
final class CsrfTokens {

    private static final String ATTRIBUTE = CsrfTokens.class.getName();

    private CsrfTokens() {
    }

    /** The session's token, made on first use. */
    static String of(HttpSession session) {
        synchronized (session) {
            Object token = session.getAttribute(ATTRIBUTE);
            if (token instanceof String known) {
                return known;
            }
            String fresh = PendingLogins.newKey();
            session.setAttribute(ATTRIBUTE, fresh);
            return fresh;
        }
    }

    /** Forgets the session's token: the next use makes a new one. */
    static void reset(HttpSession session) {
        session.removeAttribute(ATTRIBUTE);
    }

    static boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        String given = Headers.get(request, "X-CSRF-Token");
        if (given == null) {
            given = request.getParameter("csrf");
        }
        return expected instanceof String token && given != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
