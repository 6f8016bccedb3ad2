package io.jitprov.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One unguessable token per session that every state-changing request to jit's elevation
 * endpoints must carry (form field {@code csrf} or header {@code X-CSRF-Token}): a page of
 * another site can make the browser post, but cannot read the token.
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

    static boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        String given = request.getHeader("X-CSRF-Token");
        if (given == null) {
            given = request.getParameter("csrf");
        }
        return expected instanceof String token && given != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
