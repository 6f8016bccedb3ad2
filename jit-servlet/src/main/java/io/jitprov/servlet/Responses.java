package io.jitprov.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writing the filter's own answers: pages, redirects, plain statuses, never cached. */
final class Responses {

    private Responses() {
    }

    static void html(HttpServletResponse response, int status, String page) throws IOException {
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

    static void text(HttpServletResponse response, int status, String contentType, String body) throws IOException {
        noStore(response);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setStatus(status);
        response.setContentType(contentType);
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A redirect to {@code path} within the application: its context path goes first. */
    static void redirectInApp(HttpServletRequest request, HttpServletResponse response, String path) {
        redirect(response, request.getContextPath() + path);
    }

    static void redirect(HttpServletResponse response, String location) {
        noStore(response);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", location);
    }

    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
    }
}
