package io.jitprov.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a configuration file into a tree so that nothing in it is silently misread: YAML aliases
 * ({@code *roles}) are replaced by what their anchor ({@code &roles}) holds, merge keys
 * ({@code <<: *defaults}) add the fields the mapping does not set itself, and tags
 * ({@code !!binary}), a key set twice in one mapping, an alias before its anchor and a second
 * document are problems named by their path. Jackson's own tree reading takes an alias for the
 * text of its name, keeps the last of two equal keys, and reads only the first document.
 */
final class ConfigTree {

    /** Most values a file may expand to through aliases: far beyond any real file, far below a billion laughs. */
    static final int MAX_VALUES = 100_000;
    /**
     * Deepest nesting read: a real file nests a handful of levels; reading deeper recurses, and a
     * thread's stack, not a typed refusal, would end a thousand levels.
     */
    static final int MAX_DEPTH = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonParser parser;
    private final @Nullable YAMLParser yaml;
    private final List<String> problems;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final Map<String, Integer> anchorSizes = new HashMap<>();
    private int values;
    private int depth;

    private ConfigTree(JsonParser parser, List<String> problems) {
        this.parser = parser;
        this.yaml = parser instanceof YAMLParser y ? y : null;
        this.problems = problems;
    }

    /** The file's one document, or {@code null} when it is empty; what is wrong goes to {@code problems}. */
    static @Nullable JsonNode read(String content, boolean json, List<String> problems) throws IOException {
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        try (JsonParser parser = factory.createParser(content)) {
            ConfigTree tree = new ConfigTree(parser, problems);
            if (parser.nextToken() == null) {
                return null;
            }
            JsonNode root = tree.value("");
            if (parser.nextToken() != null) {
                problems.add(json ? "The file holds more than one JSON value: put every setting in one object"
                        : "The file holds more than one YAML document (---): put every setting in one");
            }
            return root;
        }
    }

    private JsonNode value(String path) throws IOException {
        if (yaml != null && yaml.isCurrentAlias()) {
            return alias(path, yaml.getText());
        }
        String anchor = yaml == null ? null : yaml.getObjectId();
        String tag = yaml == null ? null : yaml.getTypeId();
        if (tag != null) {
            problem(path, "carries the YAML tag [" + tag + "], which the configuration does not read: write the"
                    + " plain value");
        }
        int before = values;
        if (++values > MAX_VALUES) {
            throw new TooLarge();
        }
        boolean nests = parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY;
        if (nests && ++depth > MAX_DEPTH) {
            throw new TooLarge("The file nests settings more than " + MAX_DEPTH + " levels deep");
        }
        JsonNode node = switch (parser.currentToken()) {
            case START_OBJECT -> mapping(path);
            case START_ARRAY -> list(path);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> NODES.nullNode();
            default -> {
                if (tag == null) {
                    problem(path, "holds binary or other data that is not text, a number, true or false");
                }
                yield NODES.nullNode();
            }
        };
        if (nests) {
            depth--;
        }
        if (anchor != null) {
            anchors.put(anchor, node);
            anchorSizes.put(anchor, values - before);
        }
        return node;
    }

    private JsonNode alias(String path, String name) {
        JsonNode target = anchors.get(name);
        if (target == null) {
            problem(path, "refers to *" + name + ", but no &" + name + " comes before it (an anchor cannot"
                    + " hold an alias of itself)");
            return NODES.nullNode();
        }
        values += anchorSizes.get(name);
        if (values > MAX_VALUES) {
            throw new TooLarge();
        }
        return target.deepCopy();
    }

    private ObjectNode mapping(String path) throws IOException {
        ObjectNode node = NODES.objectNode();
        List<JsonNode> merged = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
            String name = parser.currentName();
            String at = path.isEmpty() ? name : path + "." + name;
            parser.nextToken();
            JsonNode value = value(at);
            if (yaml != null && name.equals("<<")) {
                merged.add(value);
            } else if (node.has(name)) {
                problem(at, "is set twice in one mapping: keep one");
            } else {
                node.set(name, value);
            }
        }
        merged.forEach(value -> merge(path.isEmpty() ? "<<" : path + ".<<", node, value));
        return node;
    }

    /** YAML's merge key: fields the mapping sets itself win, then the first merged mapping's. */
    private void merge(String path, ObjectNode into, JsonNode merged) {
        List<JsonNode> sources = new ArrayList<>();
        if (merged.isArray()) {
            merged.forEach(sources::add);
        } else {
            sources.add(merged);
        }
        for (JsonNode source : sources) {
            if (!source.isObject()) {
                problem(path, "must merge a mapping, or a list of mappings (<<: *defaults)");
                return;
            }
            source.fields().forEachRemaining(field -> {
                if (!into.has(field.getKey())) {
                    into.set(field.getKey(), field.getValue());
                }
            });
        }
    }

    private JsonNode list(String path) throws IOException {
        var node = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            node.add(value(path + "[" + node.size() + "]"));
        }
        return node;
    }

    private void problem(String path, String message) {
        problems.add((path.isEmpty() ? "" : path + ": ") + message);
    }

    /** The file expands past {@link #MAX_VALUES}: reading stops at once. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            this("The file expands to more than " + MAX_VALUES + " values through its aliases");
        }

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }
}
