package io.jitprov.servlet.internal;

/** The minimal pages the filter writes, and escaping for what goes into them. */
public final class Html {

    private Html() {
    }

    public static String escape(String value) {
        return io.jitprov.core.internal.Html.escape(value);
    }

    /** A minimal page: a title, then already-escaped body markup. */
    public static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
                + "<main style=\"font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto\"><h1>"
                + escape(title) + "</h1>" + body + "</main></body></html>";
    }
}
