package io.jitprov.config.setup;

import io.jitprov.core.internal.InputStreams;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A form the setup pages receive ({@code application/x-www-form-urlencoded}, UTF-8), read by this
 * class within {@link #MAX_BYTES} rather than by the container, whose limits and errors differ.
 */
final class SetupForm {

    /** Room for SAML metadata at the registry's largest, percent-encoded. */
    static final int MAX_BYTES = 800 * 1024;
    private static final long DRAINED_BYTES = 8L * 1024 * 1024;

    /** A form that cannot be read: too large, not a form, or not UTF-8. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean tooLarge;

        Unreadable(boolean tooLarge) {
            super(null, null, false, false);
            this.tooLarge = tooLarge;
        }
    }

    private final Map<String, List<String>> values;

    private SetupForm(Map<String, List<String>> values) {
        this.values = values;
    }

    static SetupForm read(HttpServletRequest request) throws IOException, Unreadable {
        String type = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new Unreadable(false);
        }
        InputStream in = request.getInputStream();
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw tooLarge(in, request.getContentLengthLong());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (body.size() + n > MAX_BYTES) {
                throw tooLarge(in, -1);
            }
            body.write(buffer, 0, n);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        String text = ascii(body.toByteArray());
        for (String pair : text.isEmpty() ? new String[0] : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new SetupForm(values);
    }

    /**
     * A body too large to read: one a few times the limit is read to its end and dropped, so that
     * the browser, still sending, gets the answer; a larger one is not read.
     */
    private static Unreadable tooLarge(InputStream in, long declared) throws IOException {
        if (declared <= DRAINED_BYTES) {
            InputStreams.drain(in, DRAINED_BYTES);
        }
        return new Unreadable(true);
    }

    /** The field's first value, stripped; empty when absent. */
    String one(String name) {
        List<String> given = values.get(name);
        return given == null || given.isEmpty() ? "" : given.get(0).strip();
    }

    /** Every value of the field, in the order sent. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    private static String ascii(byte[] body) throws Unreadable {
        for (byte b : body) {
            if (b < 0x20 || b > 0x7e) {
                throw new Unreadable(false); // an encoded form is printable ASCII
            }
        }
        return new String(body, StandardCharsets.US_ASCII);
    }

    private static String decode(String encoded) throws Unreadable {
        try {
            byte[] bytes = URLDecoder.decode(encoded, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new Unreadable(false);
        }
    }
}
