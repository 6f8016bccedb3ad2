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
                + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>" + STYLE
                + "</style></head><body><main><h1>" + escape(title) + "</h1>" + body + "</main></body></html>";
    }

    /** Readable at any width, visible focus, AA contrast: the same look as the setup pages, without their files. */
    private static final String STYLE = "body{margin:0;background:#f6f8fa;color:#1f2328;font:16px/1.5 system-ui,"
            + "-apple-system,'Segoe UI',Roboto,sans-serif}main{max-width:36rem;margin:3rem auto;background:#fff;"
            + "border:1px solid #d0d7de;border-radius:8px;padding:1.5rem 2rem}h1{font-size:1.5rem;margin:0 0 1rem}"
            + "a{color:#1d4ed8}:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}code{font-family:"
            + "ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}.reference{color:#57606a;"
            + "font-size:.9rem}button{padding:.5rem 1rem;font:inherit;font-weight:600;border-radius:6px;border:1px solid"
            + " #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}input,select,textarea{font:inherit;padding:.4rem"
            + " .5rem;border:1px solid #8c959f;border-radius:6px}@media (max-width:40rem){main{margin:1rem;padding:1rem}}";
}
