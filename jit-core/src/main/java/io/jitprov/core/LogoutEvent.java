package io.jitprov.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An identity provider says a person's session there ended (SAML LogoutRequest, OIDC
 * Back-Channel Logout), so the sessions it opened here must end too: those with one of
 * {@link #sessionIds()}, or, when none is named, every session of the subject.
 *
 * @param issuer the IdP
 * @param subject the subject whose sessions end; {@code null} when only session IDs are named
 * @param sessionIds SAML SessionIndex values or the OIDC {@code sid}; empty means all of the subject's
 * @param issuedAt when the IdP issued the logout
 * @since 0.1
 */
public record LogoutEvent(String issuer, @Nullable String subject, List<String> sessionIds, Instant issuedAt) {

    /** Refuses a missing issuer or time, and a logout naming neither a subject nor a session. */
    public LogoutEvent {
        Objects.requireNonNull(issuer, "issuer cannot be null");
        sessionIds = List.copyOf(sessionIds);
        Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
        if (subject == null && sessionIds.isEmpty()) {
            throw new IllegalArgumentException("A logout names a subject, a session, or both");
        }
    }

    /** The subject whose sessions end, when the logout names one. */
    public Optional<String> subjectName() {
        return Optional.ofNullable(subject);
    }
}
