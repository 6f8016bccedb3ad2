package io.jitprov.examples;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.owasp.encoder.Encode;

/** The demo's HTML: escaping and one page layout. */
public final class Pages {

    private Pages() {
    }

    /** {@code value} safe as HTML text and in a quoted attribute value. */
    public static String escape(String value) {
        return Encode.forHtml(value);
    }

    /** Writes a page: {@code body} is markup whose dynamic parts the caller escaped. */
    public static void write(HttpServletResponse response, String title, String banner, String body) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // What every application page should send: no framing (clickjacking), no MIME sniffing.
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}"
                + ".banner{padding:.6rem 1rem;border-radius:.3rem;margin-bottom:1rem}"
                + ".dev{background:#fde68a}.app{background:#dbeafe}.refusal{background:#fee2e2;border:1px solid #f87171;"
                + "padding:.4rem 1rem;border-radius:.3rem}button{margin:.2rem 0}form.inline{display:inline}</style></head><body>"
                + "<div class=\"banner " + banner + "\">" + (banner.equals("dev")
                        ? "<strong>Development identity provider</strong> &mdash; for the jit demo only. It signs in"
                        + " anyone you pick; never use it for anything real."
                        : "<strong>jit demo</strong> &mdash; a multi-tenant SaaS application using JitFilter.")
                + "</div><h1>" + escape(title) + "</h1>" + body + "</body></html>";
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }
}
