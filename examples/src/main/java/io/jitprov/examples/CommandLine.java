package io.jitprov.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --flag value} options and positional arguments, with a usage error for anything else. */
final class CommandLine {

    /** A usage or configuration error: exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandLine() {
    }

    static CommandLine parse(String[] args, Set<String> known) throws UsageException {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                if (!known.contains(arg)) {
                    throw new UsageException("Unknown option " + arg);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException("Option " + arg + " needs a value");
                }
                if (line.options.put(arg, args[++i]) != null) {
                    throw new UsageException("Option " + arg + " is given twice");
                }
            } else {
                line.positional.add(arg);
            }
        }
        return line;
    }

    String required(String option) throws UsageException {
        String value = options.get(option);
        if (value == null) {
            throw new UsageException("Missing " + option);
        }
        return value;
    }

    Optional<String> optional(String option) {
        return Optional.ofNullable(options.get(option));
    }

    /** The clock the option fixes ({@code --now 2026-03-01T12:00:00Z}), else the system clock. */
    Clock clock(String option) throws UsageException {
        String value = options.get(option);
        if (value == null) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.parse(value), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " " + value + " is not an ISO-8601 instant");
        }
    }

    /** A non-negative number of seconds, or {@code otherwise}. */
    Duration seconds(String option, Duration otherwise) throws UsageException {
        String value = options.get(option);
        if (value == null) {
            return otherwise;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " " + value + " is not a number of seconds");
    }

    /** The file's text. */
    static String read(String file) throws UsageException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    List<String> files() throws UsageException {
        if (positional.isEmpty()) {
            throw new UsageException("Name at least one FILE to verify");
        }
        return positional;
    }
}
