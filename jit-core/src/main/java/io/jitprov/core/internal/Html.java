package io.jitprov.core.internal;

/** HTML escaping for attribute values and text, for the pages jit writes. */
public final class Html {

    private Html() {
    }

    /** {@code value} with {@code & < > " '} escaped: safe as text and in quoted attribute values. */
    public static String escape(String value) {
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
}
