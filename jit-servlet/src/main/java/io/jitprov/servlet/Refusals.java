package io.jitprov.servlet;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.Refusal;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.servlet.internal.Html;
import io.jitprov.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a refusal into the short page the person sees (the code, a sentence that reveals nothing,
 * the correlation id) and the detail the operator needs (the audit trail, a DEBUG log line).
 */
final class Refusals {

    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    private static final String WORDS = "io.jitprov.servlet.refusal-pages";

    private final AuditSink audit;
    private final Clock clock;

    Refusals(AuditSink audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** A refusal before provisioning (a message that did not verify): audited here, then shown. */
    void refuseMessage(HttpServletResponse response, AuditAction action, @Nullable String issuer, Refusal refusal)
            throws IOException {
        String correlationId = UUID.randomUUID().toString();
        try {
            audit.record(AuditEvent.of(action, AuditOutcome.REFUSED, clock.instant()).correlationId(correlationId)
                    .identity(issuer, null).errors(refusal.errors()).build());
        } catch (RuntimeException e) {
            LOG.warn("AuditSink threw on event {}", correlationId, e);
        }
        show(response, statusOf(refusal.code()), refusal.code(), correlationId);
    }

    /** A refusal the Provisioner already audited. */
    void refuseLogin(HttpServletResponse response, Refusal refusal, String correlationId) throws IOException {
        show(response, HttpServletResponse.SC_FORBIDDEN, refusal.code(), correlationId);
    }

    /** The store or the IdP could not be reached: try again later. */
    void unavailable(HttpServletResponse response, String code) throws IOException {
        String correlationId = UUID.randomUUID().toString();
        LOG.warn("Login {} failed: {} is unavailable", correlationId, code);
        show(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, code, correlationId);
    }

    /** A request jit would not read (see {@link BadRequestException}); {@code sentence} is jit's own text. */
    static void badRequest(HttpServletResponse response, int status, String sentence) throws IOException {
        if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
            response.setHeader("Allow", "POST");
        }
        Responses.html(response, status, Html.page(status == 413 ? "Request too large" : "Bad request",
                "<p>" + Html.escape(sentence) + "</p><p><a href=\"/\">Home</a></p>"));
    }

    private static void show(HttpServletResponse response, int status, String code, String correlationId)
            throws IOException {
        LOG.debug("Login refused with {} ({}), status {}", code, correlationId, status);
        Optional<String> said = words(code);
        String body = "<p>" + Html.escape(said.orElse(sentence(status))) + "</p>"
                + words(code + ".next").map(next -> "<p><strong>What to do:</strong> " + Html.escape(next) + "</p>")
                        .orElse("")
                + "<p class=\"reference\">Reference: <code>" + Html.escape(correlationId) + "</code> (reason <code>"
                + Html.escape(code) + "</code>)</p>"
                + "<p><a href=\"/\">Home</a></p>";
        Responses.html(response, status, Html.page(status == HttpServletResponse.SC_SERVICE_UNAVAILABLE
                ? "Sign-in is unavailable" : "Sign-in refused", body));
    }

    /**
     * What the person reads for {@code key} (a refusal code, or a code and {@code .next}), from
     * {@code refusal-pages.properties}: never the refusal's description, which names values.
     */
    static Optional<String> words(String key) {
        try {
            return Optional.of(ResourceBundle.getBundle(WORDS, Locale.ENGLISH).getString(key));
        } catch (MissingResourceException e) {
            return Optional.empty();
        }
    }

    private static String sentence(int status) {
        return switch (status) {
            case HttpServletResponse.SC_SERVICE_UNAVAILABLE -> "Signing in is not possible right now. Please try again in a minute.";
            case HttpServletResponse.SC_FORBIDDEN -> "Your organisation's sign-in worked, but this application does not let you in."
                    + " Your administrator can look up the reference below.";
            default -> "The sign-in could not be completed. Please start again; if it keeps failing, give your"
                    + " administrator the reference below.";
        };
    }

    private static int statusOf(String code) {
        return JitErrorCodes.STORE_UNAVAILABLE.equals(code) || JitErrorCodes.PROVIDER_UNAVAILABLE.equals(code)
                || JitErrorCodes.JWKS_UNAVAILABLE.equals(code) || JitErrorCodes.IDP_UNAVAILABLE.equals(code)
                ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
                : HttpServletResponse.SC_BAD_REQUEST;
    }

    static Refusal refusal(String code, String description) {
        return Refusal.of(code, description);
    }

}
