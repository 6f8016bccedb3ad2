package io.jitprov.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request to one of jit's endpoints with its parameters read by jit, not by the container: the
 * container's limits (Jetty's 200,000-byte form limit is under a genuine 256 KiB SAML response)
 * and its exceptions for malformed input would otherwise decide what jit accepts, and surface as
 * a 500. Limits here are jit's own and documented; breaking one is a {@link BadRequestException}.
 *
 * <p>A parameter that appears more than once is refused when read (RFC 6749 §3.1: request and
 * response parameters must not be included more than once), so a second {@code state} or
 * {@code SAMLResponse} cannot make two readers see two values.
 */
public final class ParsedRequest extends HttpServletRequestWrapper {

    /** The largest query string read: 16 KiB. */
    public static final int MAX_QUERY_CHARS = 16 * 1024;
    /** The most of an oversized body read (and dropped) so that its sender sees the 413: 4 MiB. */
    public static final long MAX_DISCARDED_BYTES = 4L * 1024 * 1024;
    /** The most parameters in a query string and form together. */
    public static final int MAX_PARAMETERS = 64;

    private final Map<String, List<String>> query;
    private final Map<String, List<String>> form;

    private ParsedRequest(HttpServletRequest request, Map<String, List<String>> query, Map<String, List<String>> form) {
        super(request);
        this.query = query;
        this.form = form;
    }

    /**
     * Reads the query string and, for a form POST, a body of at most {@code maxFormBytes}.
     *
     * @throws BadRequestException when either is malformed or over its limit
     */
    public static ParsedRequest read(HttpServletRequest request, int maxFormBytes) throws IOException {
        String queryString = request.getQueryString();
        if (queryString != null && queryString.length() > MAX_QUERY_CHARS) {
            throw new BadRequestException(414, "The address is longer than " + MAX_QUERY_CHARS + " characters");
        }
        Map<String, List<String>> query = parse(queryString == null ? "" : queryString);
        Map<String, List<String>> form = isForm(request) ? parse(body(request, maxFormBytes)) : Map.of();
        if (query.size() + form.size() > MAX_PARAMETERS) {
            throw new BadRequestException(400, "The request has more than " + MAX_PARAMETERS + " parameters");
        }
        return new ParsedRequest(request, query, form);
    }

    /** The form field {@code name} of a POST body; never from the query string. */
    public @Nullable String formField(String name) {
        return single(name, form.get(name));
    }

    /** Whether the query string carries {@code name}. */
    public boolean inQuery(String name) {
        return query.containsKey(name);
    }

    @Override
    public @Nullable String getParameter(String name) {
        List<String> values = values(name);
        return single(name, values.isEmpty() ? null : values);
    }

    @Override
    public String @Nullable [] getParameterValues(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? null : values.toArray(String[]::new);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> all = new LinkedHashMap<>();
        for (String name : names()) {
            all.put(name, values(name).toArray(String[]::new));
        }
        return Collections.unmodifiableMap(all);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(names());
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(query.keySet());
        form.keySet().stream().filter(n -> !query.containsKey(n)).forEach(names::add);
        return names;
    }

    private List<String> values(String name) {
        List<String> values = new ArrayList<>(query.getOrDefault(name, List.of()));
        values.addAll(form.getOrDefault(name, List.of()));
        return values;
    }

    private static @Nullable String single(String name, @Nullable List<String> values) {
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequestException(400, "The parameter " + name + " was sent more than once");
        }
        return values.get(0);
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return "POST".equals(request.getMethod()) && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static String body(HttpServletRequest request, int maxBytes) throws IOException {
        byte[] bytes = readAtMost(request, maxBytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * The request body when it has at most {@code maxBytes}.
     *
     * @throws BadRequestException 413 when it is larger
     */
    public static byte[] readAtMost(HttpServletRequest request, int maxBytes) throws IOException {
        try (InputStream in = request.getInputStream()) {
            if (request.getContentLengthLong() > maxBytes) {
                discard(in);
                throw new BadRequestException(413, "The body is larger than " + maxBytes + " bytes");
            }
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                discard(in);
                throw new BadRequestException(413, "The body is larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Reads and drops what is left of a body that is too large, up to {@link #MAX_DISCARDED_BYTES}:
     * a client still sending when the server answers and closes sees a reset instead of the 413.
     * Beyond that the connection is closed on it.
     */
    private static void discard(InputStream in) throws IOException {
        long left = MAX_DISCARDED_BYTES;
        byte[] sink = new byte[8192];
        int read;
        while (left > 0 && (read = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
            left -= read;
        }
    }

    /** {@code application/x-www-form-urlencoded}, UTF-8, as the URL standard parses it, but strict about escapes. */
    private static Map<String, List<String>> parse(String encoded) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (encoded.isEmpty()) {
            return parameters;
        }
        int count = 0;
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMETERS) {
                throw new BadRequestException(400, "The request has more than " + MAX_PARAMETERS + " parameters");
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new BadRequestException(400, "The request holds characters that must be percent-encoded");
            }
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(400, "The request holds a malformed percent-escape");
        }
    }
}
