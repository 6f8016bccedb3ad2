package io.jitprov.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings named flat, as Spring Boot's properties are ({@code identityProviders[0].saml.metadataUrl},
 * or {@code identity-providers[0].saml.metadata-url}), made into the tree a configuration file
 * holds, so that one validator reads both. Every value is text: the validator reads
 * {@code "true"} and {@code "5"} where it wants a flag or a number.
 */
final class FlatSettings {

    /** Far beyond any real list of tenants or connections, far below what would exhaust memory. */
    static final int MAX_INDEX = 9_999;
    /** Mappings whose keys are data (attribute names), not settings: their keys are kept as written. */
    private static final List<String> DATA_MAPPINGS = List.of("attributeSync");
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+\\])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)\\]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FlatSettings() {
    }

    /** The tree of {@code settings}; what cannot be placed goes to {@code problems}, named as written. */
    static ObjectNode tree(Map<String, ?> settings, List<String> problems) {
        return tree(List.of(settings), problems);
    }

    /**
     * The tree of settings from several sources, the first overriding the later ones as Spring
     * Boot's property sources do: a single value set by an earlier source wins, and a list an
     * earlier source sets is taken whole from it. Within one source a setting spelled twice
     * ({@code baseUrl}, {@code base-url}) is a problem.
     */
    static ObjectNode tree(List<? extends Map<String, ?>> layers, List<String> problems) {
        ObjectNode root = NODES.objectNode();
        Set<String> earlierValues = new HashSet<>();
        Set<String> earlierLists = new HashSet<>();
        for (Map<String, ?> layer : layers) {
            Set<String> values = new HashSet<>();
            Set<String> lists = new HashSet<>();
            for (Map.Entry<String, ?> setting : layer.entrySet()) {
                List<Object> path = path(setting.getKey());
                if (path.isEmpty() || path.size() > ConfigTree.MAX_DEPTH) {
                    problems.add(setting.getKey() + ": is not a setting name (names.like[0].this, at most "
                            + ConfigTree.MAX_DEPTH + " levels)");
                    continue;
                }
                if (path.stream().anyMatch(step -> step instanceof Integer index && index > MAX_INDEX)) {
                    problems.add(setting.getKey() + ": lists more than " + (MAX_INDEX + 1) + " items");
                    continue;
                }
                List<String> listNames = listNames(path);
                if (earlierValues.contains(name(path)) || listNames.stream().anyMatch(earlierLists::contains)) {
                    continue;
                }
                lists.addAll(listNames);
                values.add(name(path));
                String problem = place(root, path, String.valueOf(setting.getValue()));
                if (problem != null) {
                    problems.add(setting.getKey() + ": " + problem);
                }
            }
            earlierValues.addAll(values);
            earlierLists.addAll(lists);
        }
        if (problems.isEmpty()) {
            missingItems(root, "", problems);
        }
        return root;
    }

    /** The path as one name, {@code tenants[0].domains[1]}. */
    private static String name(List<Object> path) {
        StringBuilder name = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                name.append('[').append(index).append(']');
            } else {
                name.append(name.length() == 0 ? "" : ".").append(step);
            }
        }
        return name.toString();
    }

    /** The names of the lists the path passes through: {@code tenants}, {@code tenants[0].domains}. */
    private static List<String> listNames(List<Object> path) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < path.size(); i++) {
            if (path.get(i) instanceof Integer && !(path.get(i - 1) instanceof Integer)) {
                names.add(name(path.subList(0, i)));
            }
        }
        return names;
    }

    /** The steps of a name: field names (kebab-case made camelCase, but under a data mapping) and list indexes. */
    private static List<Object> path(String name) {
        List<Object> steps = new ArrayList<>();
        boolean data = false;
        for (String part : name.split("\\.", -1)) {
            Matcher segment = SEGMENT.matcher(part);
            if (!segment.matches()) {
                return List.of();
            }
            steps.add(data ? segment.group(1) : camel(segment.group(1)));
            data = DATA_MAPPINGS.contains(camel(segment.group(1))) && !data;
            Matcher index = INDEX.matcher(segment.group(2));
            while (index.find()) {
                try {
                    steps.add(Integer.parseInt(index.group(1)));
                } catch (NumberFormatException e) {
                    steps.add(Integer.MAX_VALUE);
                }
            }
        }
        return steps;
    }

    private static String camel(String name) {
        StringBuilder camel = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                upper = camel.length() > 0;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    /** Places the value; the problem when the name clashes with another setting's. */
    private static @Nullable String place(ObjectNode root, List<Object> path, String value) {
        JsonNode node = root;
        for (int i = 0; i < path.size(); i++) {
            Object step = path.get(i);
            boolean last = i == path.size() - 1;
            JsonNode next = last ? NODES.textNode(value) : path.get(i + 1) instanceof Integer ? NODES.arrayNode()
                    : NODES.objectNode();
            JsonNode existing;
            if (step instanceof Integer index) {
                if (!(node instanceof ArrayNode list)) {
                    return "is a list here, and a single value or mapping in another setting";
                }
                while (list.size() <= index) {
                    list.addNull();
                }
                existing = list.get(index);
                if (existing.isNull()) {
                    list.set(index, next);
                    existing = next;
                }
            } else {
                if (!(node instanceof ObjectNode mapping)) {
                    return "is a mapping here, and a single value or list in another setting";
                }
                existing = mapping.get((String) step);
                if (existing == null) {
                    mapping.set((String) step, next);
                    existing = next;
                }
            }
            if (last ? existing != next : existing.getNodeType() != next.getNodeType()) {
                return last ? "is set twice, or is also a mapping or list in another setting"
                        : "is a " + kind(next) + " here, and a " + kind(existing) + " in another setting";
            }
            node = existing;
        }
        return null;
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "list" : node.isObject() ? "mapping" : "single value";
    }

    /** A list given items 0 and 2 but not 1 has a hole: named, rather than read as null. */
    private static void missingItems(JsonNode node, String path, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isNull()) {
                    problems.add(path + "[" + i + "]: is missing, while a later item is set");
                } else {
                    missingItems(node.get(i), path + "[" + i + "]", problems);
                }
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> missingItems(field.getValue(),
                    (path.isEmpty() ? "" : path + ".") + field.getKey(), problems));
        }
    }
}
