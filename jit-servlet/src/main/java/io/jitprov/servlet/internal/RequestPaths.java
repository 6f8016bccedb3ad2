package io.jitprov.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The path a request will be dispatched on, decided the way the container decides it: percent
 * escapes decoded, path parameters ({@code ;jsessionid=...}) dropped. Protection must be decided
 * on this path, never on the raw request URI, or {@code /%61dmin/} and {@code /admin;x/} walk past
 * a check for {@code /admin/} into the servlet mapped there.
 *
 * <p>Where containers, proxies and frameworks are known to disagree about a path, it is refused
 * rather than guessed (as Spring Security's {@code StrictHttpFirewall} does): encoded slashes and
 * backslashes, encoded percent signs (decoded twice by some proxies), dot segments in any
 * spelling, empty segments, control characters and malformed escapes or UTF-8. As a last check the
 * container's own servlet path and path info must agree with the decoding here.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** A decoded, normalised path, and whether the raw path carried path parameters. */
    public record DispatchPath(String path, boolean hadPathParameters) {
    }

    /** The dispatch path; empty when the request's path is ambiguous and must be refused. */
    public static Optional<DispatchPath> of(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri == null || !uri.startsWith(context)) {
            return Optional.empty();
        }
        String raw = uri.substring(context.length());
        if (raw.isEmpty()) {
            raw = "/";
        }
        if (raw.charAt(0) != '/') {
            return Optional.empty();
        }
        StringBuilder decoded = new StringBuilder(raw.length());
        boolean parameters = false;
        String[] segments = raw.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            int semicolon = segment.indexOf(';');
            if (semicolon >= 0) {
                parameters = true;
                segment = segment.substring(0, semicolon);
            }
            String plain = decodeSegment(segment);
            boolean last = i == segments.length - 1;
            if (plain == null || plain.equals(".") || plain.equals("..") || (plain.isEmpty() && !last)) {
                return Optional.empty();
            }
            decoded.append('/').append(plain);
        }
        String path = decoded.toString();
        return agreesWithContainer(request, path) ? Optional.of(new DispatchPath(path, parameters)) : Optional.empty();
    }

    /** Whether {@code path} is {@code prefix} or below it, ignoring case; {@code /app/} also covers {@code /app}. */
    public static boolean under(String path, String prefix) {
        if (path.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return true;
        }
        return prefix.length() > 1 && prefix.endsWith("/") && path.length() == prefix.length() - 1
                && path.regionMatches(true, 0, prefix, 0, path.length());
    }

    /**
     * The segment with its escapes decoded as UTF-8; null when it holds what may not be decoded:
     * a control character, a backslash, an escape for {@code /}, {@code \}, {@code %}, {@code ;} or a control
     * character, a malformed escape, or bytes that are not UTF-8.
     */
    private static @Nullable String decodeSegment(String segment) {
        byte[] raw = segment.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            int b = raw[i] & 0xff;
            if (b == '%') {
                if (i + 2 >= raw.length) {
                    return null;
                }
                int high = Character.digit(raw[i + 1], 16);
                int low = Character.digit(raw[i + 2], 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                b = (high << 4) | low;
                if (b == '/' || b == '%' || b == ';') {
                    return null;
                }
                i += 2;
            }
            if (b < 0x20 || b == 0x7f || b == '\\') {
                return null;
            }
            bytes.write(b);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Whether the servlet path and path info the container mapped the request with are {@code path}.
     * A container that throws on the request (Jetty 12 does for ambiguous URIs) does not agree.
     */
    private static boolean agreesWithContainer(HttpServletRequest request, String path) {
        String servletPath;
        String pathInfo;
        try {
            servletPath = request.getServletPath();
            pathInfo = request.getPathInfo();
        } catch (RuntimeException ambiguous) {
            return false;
        }
        String dispatched = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return dispatched.equals(path) || (dispatched.isEmpty() && path.equals("/"));
    }
}
