package io.jitprov.config.setup;

import io.jitprov.core.internal.InputStreams;
import io.jitprov.servlet.JitLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** One request to the setup pages, and the ways it is answered: a page, a redirect, a refusal. */
final class SetupCall {

    /**
     * Nothing but this site's own styles, script and images; never framed. Forms post to this site,
     * but the test sign-in's answers with a redirect to the customer's IdP, which form-action also
     * governs: any web address, as on jit's own sign-in pages.
     */
    private static final String POLICY = "default-src 'none'; style-src 'self'; script-src 'self';"
            + " img-src 'self' https: data:; form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'";

    final HttpServletRequest request;
    final HttpServletResponse response;
    final Texts texts;
    final Brand brand;
    /** The mount point as the browser sees it (context path, base path, {@code /setup}). */
    final String base;
    final JitLogin.Endpoints endpoints;
    final boolean post;

    SetupCall(HttpServletRequest request, HttpServletResponse response, Texts texts, Brand brand, String base,
            JitLogin.Endpoints endpoints, boolean post) {
        this.request = request;
        this.response = response;
        this.texts = texts;
        this.brand = brand;
        this.base = base;
        this.endpoints = endpoints;
        this.post = post;
    }

    void page(int status, String title, SetupSession.@Nullable Scope scope, @Nullable String step, String body)
            throws IOException {
        String tenantLine = scope == null ? null : texts.get("for.tenant", scope.tenantId());
        String footer = scope == null ? null : texts.get("link.valid.until", SetupPages.when(scope.expiresAt()));
        write(status, "text/html;charset=UTF-8", SetupHtml.page(brand, texts, base, title, tenantLine, step, footer, body)
                .getBytes(StandardCharsets.UTF_8));
    }

    void refuse(int status, String sentence) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (status != 413) {
            drainUnread();
        }
        response.reset();
        if (status == 413) {
            response.setHeader("Connection", "close"); // a body this large is not worth a kept-alive connection
        }
        page(status, texts.get("title"), null, null, SetupHtml.notice("problem", sentence));
    }

    void invalidLink(int status) throws IOException {
        drainUnread();
        response.reset();
        page(status, texts.get("open.invalid.title"), null, null,
                "<p>" + SetupHtml.esc(texts.get("open.invalid.text", brand.productName())) + "</p>");
    }

    void asset(String type, byte[] body) throws IOException {
        response.setHeader("Cache-Control", "max-age=300");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setStatus(200);
        response.setContentType(type + ";charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** 303 to {@code path} below the mount point: every form answers with a page to GET. */
    void seeOther(String path) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", base + path);
    }

    boolean csrfValid(SetupForm form, SetupSession.Scope scope) {
        byte[] given = form.one("csrf").getBytes(StandardCharsets.UTF_8);
        return given.length > 0 && MessageDigest.isEqual(scope.csrf().getBytes(StandardCharsets.UTF_8), given);
    }

    /**
     * Whether the request comes from this site: the browser's {@code Sec-Fetch-Site} says so, or,
     * from a browser that does not send it, {@code Origin} does or is absent.
     */
    boolean sameSite() {
        try {
            return sameSite(request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"));
        } catch (RuntimeException e) {
            return false; // a header a firewall in front of jit will not hand over: not shown to be this site
        }
    }

    private boolean sameSite(@Nullable String site, @Nullable String origin) {
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        if (origin == null || origin.equals("null")) {
            return true; // an older browser, or this page's no-referrer policy hiding a same-origin form's origin
        }
        URI ours = URI.create(endpoints.base());
        String expected = (ours.getScheme() + "://" + ours.getRawAuthority()).toLowerCase(Locale.ROOT);
        return origin.toLowerCase(Locale.ROOT).equals(expected);
    }

    /**
     * Reads and drops what is left of a form answered before it was read: the container closes a
     * connection whose request body is left unread, and a browser's next request on it gets nothing.
     */
    private void drainUnread() {
        if (!post) {
            return;
        }
        try {
            InputStreams.drain(request.getInputStream(), SetupForm.MAX_BYTES);
        } catch (IOException | IllegalStateException e) {
            // read already, or the browser went away
        }
    }

    private void write(int status, String type, byte[] body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentType(type);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
