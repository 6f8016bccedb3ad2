package io.jitprov.saml;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

/**
 * What any logger writes at WARN or above while a call runs: slf4j-simple's lines (OpenSAML,
 * jit), which it writes to whatever {@code System.err} is at the time, and java.util.logging
 * records, where Santuario's {@code System.Logger} goes when no other logger finder is installed.
 * Nothing is reconfigured: a handler is added to the JUL root for the duration, and the captured
 * standard error is written back to the real one afterwards.
 */
final class LogCapture {

    private static final Pattern SLF4J_SIMPLE_WARNING = Pattern.compile("^\\[[^\\]]*\\] (WARN|ERROR) .*");

    private LogCapture() {
    }

    /** The WARN-or-above lines and records that {@code action} caused. */
    static List<String> warningsDuring(Runnable action) {
        List<String> found = new ArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    found.add(record.getLevel() + " " + record.getLoggerName() + " - " + formatter.formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        root.addHandler(handler);
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(originalErr);
            root.removeHandler(handler);
        }
        String written = err.toString(StandardCharsets.UTF_8);
        originalErr.print(written);
        written.lines().filter(line -> SLF4J_SIMPLE_WARNING.matcher(line).matches()).forEach(found::add);
        return found;
    }
}
