package io.jitprov.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writing the filter's own answers: pages, redirects, plain statuses, never cached. */
public final class Responses {

    private Responses() {
    }

    public static void html(HttpServletResponse response, int status, String page) throws IOException {
        noStore(response);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline';"
                + " form-action 'self' https: http:; script-src 'unsafe-inline'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }

    public static void text(HttpServletResponse response, int status, String contentType, String body) throws IOException {
        noStore(response);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setStatus(status);
        response.setContentType(contentType);
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A redirect to {@code path} within the application: its context path goes first. */
    public static void redirectInApp(HttpServletRequest request, HttpServletResponse response, String path) {
        redirect(response, request.getContextPath() + path);
    }

    public static void redirect(HttpServletResponse response, String location) {
        noStore(response);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", ascii(location));
    }

    /**
     * {@code location} with every character outside printable ASCII percent-encoded as UTF-8: a
     * header carries bytes, and containers write other characters as Latin-1 or as {@code ?}.
     */
    public static String ascii(String location) {
        StringBuilder out = null;
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c > 0x20 && c < 0x7f) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(location.length() + 16).append(location, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < location.length() ? i + 2 : i + 1;
            for (byte b : location.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
            i = end - 1;
        }
        return out == null ? location : out.toString();
    }

    public static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
    }
}
