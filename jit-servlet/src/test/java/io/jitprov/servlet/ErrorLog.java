package io.jitprov.servlet;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What jit logs at ERROR while it is open: slf4j-simple (the tests' binding) writes to
 * {@code System.err}, which this tees into a buffer. An ERROR line is what pages an operator, so
 * no request an attacker can send should produce one.
 */
final class ErrorLog implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    ErrorLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The ERROR lines logged so far (their first line each). */
    List<String> errors() {
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(text.split("\\R")).filter(line -> line.matches("^\\[[^\\]]*\\] ERROR .*")).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
