package io.jitprov.core;

import java.util.Objects;

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

    public JitError {
        Objects.requireNonNull(code, "code cannot be null");
        Objects.requireNonNull(description, "description cannot be null");
        if (code.isBlank()) {
            throw new IllegalArgumentException("code cannot be empty");
        }
    }

    @Override
    public String toString() {
        return code + ": " + description;
    }
}
