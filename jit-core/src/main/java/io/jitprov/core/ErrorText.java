package io.jitprov.core;

/**
 * Renders a value someone else sent for an error description: bounded in length and with
 * control characters escaped, so a description can go into one log line as it is.
 */
final class ErrorText {

    private static final int MAX = 128;

    private ErrorText() {
    }

    /** {@code value} in brackets, shortened and escaped. */
    static String show(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX) + 8).append('[');
        int limit = Math.min(value.length(), MAX);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.append(']').toString();
    }
}
