package io.jitprov.core.internal;

/**
 * Audit values made safe to store and to log, whatever an IdP or a requester put in them.
 *
 * <p>{@link #escape} writes a backslash as {@code \\} (a quote, when asked, as {@code \"}) and, as
 * {@code \}{@code uXXXX}, every character that could end a line, forge a field or be refused or
 * altered on the way: C0 and C1 controls (NUL, CR, LF, NEL), U+2028 and U+2029, format characters
 * (bidi overrides, zero-width characters) and lone surrogates. The result is printable, one line,
 * and maps back to exactly one value ({@link #unescape}). {@link #fit} then cuts what is too long
 * for its column or line at a whole character and adds {@value #MARKER} with the first 16 hex
 * digits of the SHA-256 of the whole escaped value: the cut is visible, and two values that
 * differ only past the cut still differ.
 */
public final class AuditText {

    /** Put between the kept prefix and the hash of a value that was cut. */
    public static final String MARKER = "...sha256:";

    /** How long the marker and its hash are: no column that may need cutting is shorter than twice this. */
    public static final int MARKER_LENGTH = MARKER.length() + 16;

    private AuditText() {
    }

    /** {@code value} escaped, and also every character of {@code alsoEscape} (a field's quote, a list's separator). */
    public static String escape(String value, String alsoEscape) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            boolean special = c == '\\' || alsoEscape.indexOf(c) >= 0 || !pair && unsafe(c);
            if (special && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (c == '\\' || c == '"') {
                    out.append('\\').append(c);
                } else if (special) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                    if (pair) {
                        out.append(value.charAt(i + 1));
                    }
                }
            }
            i += pair ? 1 : 0;
        }
        return out == null ? value : out.toString();
    }

    /** The value {@link #escape} was given; lenient with text that was never escaped. */
    public static String unescape(String stored) {
        if (stored.indexOf('\\') < 0) {
            return stored;
        }
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '\\' && i + 1 < stored.length() && (stored.charAt(i + 1) == '\\' || stored.charAt(i + 1) == '"')) {
                out.append(stored.charAt(i + 1));
                i++;
            } else if (c == '\\' && i + 5 < stored.length() && stored.charAt(i + 1) == 'u' && hex(stored, i + 2)) {
                out.append((char) Integer.parseInt(stored.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * An escaped value cut to at most {@code max} characters when longer: a prefix that ends on a
     * whole character (never inside an escape or a surrogate pair), the marker and the hash.
     */
    public static String fit(String escaped, int max) {
        if (escaped.length() <= max) {
            return escaped;
        }
        int room = max - MARKER_LENGTH;
        int end = 0;
        while (end < escaped.length()) {
            int next = end + unit(escaped, end);
            if (next > room) {
                break;
            }
            end = next;
        }
        return escaped.substring(0, end) + MARKER + Sha256.hex(escaped).substring(0, 16);
    }

    /** {@code value} escaped and fitted to {@code max}. */
    public static String safe(String value, int max) {
        return fit(escape(value, ""), max);
    }

    /** How many characters the unit starting at {@code i} of an escaped text spans. */
    private static int unit(String escaped, int i) {
        char c = escaped.charAt(i);
        if (c == '\\' && i + 1 < escaped.length()) {
            return escaped.charAt(i + 1) == 'u' ? Math.min(6, escaped.length() - i) : 2;
        }
        return Character.isHighSurrogate(c) && i + 1 < escaped.length() ? 2 : 1;
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)
                || Character.getType(c) == Character.FORMAT;
    }

    private static boolean hex(String text, int from) {
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
