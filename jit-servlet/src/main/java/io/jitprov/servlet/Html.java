package io.jitprov.servlet;

/** HTML escaping for text and attribute values. */
final class Html {

    private Html() {
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A minimal page: a title, then already-escaped body markup. */
    static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
                + "<main style=\"font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto\"><h1>"
                + escape(title) + "</h1>" + body + "</main></body></html>";
    }
}
