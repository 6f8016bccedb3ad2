package io.jitprov.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One reason a login, a token or a request was refused: a stable code from
 * {@link JitErrorCodes} (or a custom check's own) and one sentence naming the offending value.
 *
 * <p>Descriptions never contain raw tokens, assertions or secrets, but they may contain values
 * the identity provider sent, so whoever renders them into HTML must escape them.
 *
 * @param code a stable snake_case code
 * @param description one sentence naming the offending value and what was expected
 * @since 0.1
 */
public record JitError(String code, String description) {

    private static final int MAX_QUOTED = 128;

    /** Refuses a missing code or description. */
    public JitError {
        Objects.requireNonNull(code, "code cannot be null");
        Objects.requireNonNull(description, "description cannot be null");
        if (code.isBlank()) {
            throw new IllegalArgumentException("code cannot be empty");
        }
    }

    /**
     * Renders a value someone else sent, for a description: in brackets, at most 128 characters,
     * control characters escaped, so the description stays one safe log line.
     */
    public static String quote(@Nullable String value) {
        if (value == null) {
            return "[null]";
        }
        int limit = Math.min(value.length(), MAX_QUOTED);
        StringBuilder out = new StringBuilder(limit + 8).append('[');
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX_QUOTED) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.append(']').toString();
    }

    @Override
    public String toString() {
        return code + ": " + description;
    }
}
