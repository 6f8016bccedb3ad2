package io.jitprov.servlet.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Post-login destinations are same-origin relative paths only: {@code /app/x?y=1} passes;
 * {@code //evil.test}, {@code /\evil.test}, {@code https://evil.test}, {@code javascript:} and
 * anything with control characters do not (open redirects are how phishing borrows trust).
 */
public final class SafeRedirects {

    private static final int MAX_LENGTH = 2048;

    private SafeRedirects() {
    }

    public static Optional<String> relativePath(@Nullable String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH || candidate.charAt(0) != '/') {
            return Optional.empty();
        }
        if (candidate.length() > 1 && (candidate.charAt(1) == '/' || candidate.charAt(1) == '\\')) {
            return Optional.empty();
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return Optional.empty();
            }
        }
        return Optional.of(candidate);
    }
}
