package io.jitprov.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A place in the configuration tree that knows its path, reads values, and reports what is wrong
 * there instead of stopping at the first problem.
 */
final class ConfigNode {

    private final @Nullable JsonNode node;
    private final String path;
    private final List<String> problems;
    private final Path baseDirectory;

    ConfigNode(@Nullable JsonNode node, String path, List<String> problems, Path baseDirectory) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.baseDirectory = baseDirectory;
    }

    /** The value as read, for a setting copied whole (into a registry document); null when absent. */
    @Nullable JsonNode raw() {
        return present() ? node : null;
    }

    boolean present() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    String path() {
        return path;
    }

    /** Whether this is a mapping of names to values, for settings that may be one or a plain value. */
    boolean isMapping() {
        return present() && node.isObject();
    }

    /**
     * The field's node. Asked of a value that is not a mapping, it reports so: a setting that held
     * text where settings were expected ({@code roles: admins}) must not read as absent.
     */
    ConfigNode get(String field) {
        if (present() && !node.isObject()) {
            problem(null, "must be a mapping of settings, not " + (node.isArray() ? "a list" : "[" + node.asText() + "]"));
        }
        return new ConfigNode(present() && node.isObject() ? node.get(field) : null,
                path.isEmpty() ? field : path + "." + field, problems, baseDirectory);
    }

    /** Reports fields nobody reads: a typo ({@code jitEnable}) must not silently mean the default. */
    void allowOnly(String... fields) {
        if (!present() || !node.isObject()) {
            return;
        }
        Set<String> known = Set.of(fields);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(name, "is not a known setting (known: " + String.join(", ", fields) + ")");
            }
        }
    }

    /** The fields of an object, by name, in file order. */
    Map<String, ConfigNode> fields() {
        Map<String, ConfigNode> fields = new LinkedHashMap<>();
        if (!present()) {
            return fields;
        }
        if (!node.isObject()) {
            problem(null, "must be a mapping of names to values");
            return fields;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            fields.put(name, get(name));
        }
        return fields;
    }

    List<ConfigNode> list() {
        List<ConfigNode> items = new ArrayList<>();
        if (!present()) {
            return items;
        }
        if (!node.isArray()) {
            problem(null, "must be a list");
            return items;
        }
        for (int i = 0; i < node.size(); i++) {
            items.add(new ConfigNode(node.get(i), path + "[" + i + "]", problems, baseDirectory));
        }
        return items;
    }

    Optional<String> text() {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(null, "must be a non-empty text");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    String requiredText() {
        if (!present()) {
            problem(null, "is required");
            return "";
        }
        return text().orElse("");
    }

    List<String> texts() {
        List<String> values = new ArrayList<>();
        for (ConfigNode item : list()) {
            item.text().ifPresent(values::add);
        }
        return values;
    }

    boolean bool(boolean otherwise) {
        if (!present()) {
            return otherwise;
        }
        // Flat settings (Spring Boot's properties) are text: "true" is as good as true.
        if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) {
            return node.asText().equals("true");
        }
        if (!node.isBoolean()) {
            problem(null, "must be true or false");
            return otherwise;
        }
        return node.asBoolean();
    }

    Optional<Integer> integer() {
        if (!present()) {
            return Optional.empty();
        }
        if (node.isTextual() && node.asText().matches("\\d{1,9}")) {
            return Optional.of(Integer.parseInt(node.asText()));
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
            problem(null, "must be a whole number of at least 0");
            return Optional.empty();
        }
        return Optional.of(node.asInt());
    }

    Optional<Duration> duration() {
        return text().flatMap(value -> {
            try {
                return Optional.of(Duration.parse(value));
            } catch (DateTimeParseException e) {
                problem(null, "must be an ISO-8601 duration such as PT8H, not [" + value + "]");
                return Optional.empty();
            }
        });
    }

    <E extends Enum<E>> Optional<E> choice(Class<E> type) {
        return text().flatMap(value -> {
            try {
                return Optional.of(Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                List<String> allowed = new ArrayList<>();
                for (E constant : type.getEnumConstants()) {
                    allowed.add(constant.name());
                }
                problem(null, "must be one of " + allowed + ", not [" + value + "]");
                return Optional.empty();
            }
        });
    }

    /** A file named relative to the configuration file's directory. */
    Optional<Path> file() {
        return text().map(baseDirectory::resolve);
    }

    /**
     * A secret: {@code {env: NAME}} or {@code {file: path}}, read now; inline values are refused
     * so that secrets stay out of files that get committed.
     */
    Optional<String> secret(Function<String, @Nullable String> environment) {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            // Never echoed: whatever is here may be the secret itself.
            problem(null, "must not hold the secret itself: use {env: VARIABLE} or {file: path}");
            return Optional.empty();
        }
        allowOnly("env", "file");
        Optional<String> variable = get("env").text();
        Optional<Path> file = get("file").file();
        if (variable.isPresent() == file.isPresent()) {
            problem(null, "needs exactly one of env and file");
            return Optional.empty();
        }
        if (variable.isPresent()) {
            String value = environment.apply(variable.get());
            if (value == null || value.isEmpty()) {
                problem("env", "names environment variable [" + variable.get() + "], which is not set");
                return Optional.empty();
            }
            return Optional.of(value);
        }
        try {
            return Optional.of(java.nio.file.Files.readString(file.get()).strip());
        } catch (java.io.IOException e) {
            problem("file", "cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Records a problem once, however many readers of the same place find it. */
    void problem(@Nullable String field, String message) {
        String where = field == null ? path : (path.isEmpty() ? field : path + "." + field);
        String problem = (where.isEmpty() ? "" : where + ": ") + message;
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    int problemCount() {
        return problems.size();
    }
}
