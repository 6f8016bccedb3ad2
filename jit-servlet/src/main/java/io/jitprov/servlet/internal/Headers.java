package io.jitprov.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Request headers read so that a header the container or a firewall in front of jit will not hand
 * over (Spring Security's {@code StrictHttpFirewall} throws on odd bytes) is a bad request, 400,
 * and not a failure of jit's, 500.
 */
public final class Headers {

    private Headers() {
    }

    /** The header's value, null when absent. */
    public static @Nullable String get(HttpServletRequest request, String name) {
        try {
            return request.getHeader(name);
        } catch (RuntimeException e) {
            // A getHeader that throws is the request's fault, whatever the type (Spring's RequestRejectedException).
            throw new BadRequestException(400, "The " + name + " header cannot be read");
        }
    }
}
