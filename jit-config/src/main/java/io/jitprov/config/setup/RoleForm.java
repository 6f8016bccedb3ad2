package io.jitprov.config.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The roles step over a tenant's stored policy: which roles the IT admin may hand out (the
 * ceiling the back office set, or else the roles the policy already names, never a new one),
 * the rules from one exact group to one role they edit, and the groups allowed to sign in. Every
 * other rule and setting is kept as it is.
 */
final class RoleForm {

    static final int MAX_ROWS = 50;
    static final int MAX_GROUP_LENGTH = 256;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One rule of the form: this group gives this role. */
    record Row(String group, String role) { }

    private final ObjectNode policy;

    RoleForm(String document) {
        JsonNode tree;
        try {
            tree = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            tree = null;
        }
        this.policy = tree instanceof ObjectNode object ? object : JSON.createObjectNode();
    }

    /** The roles that may be given, in the order the policy names them. */
    List<String> choices() {
        JsonNode roles = policy.path("roles");
        Set<String> choices = new LinkedHashSet<>();
        roles.path("allowedRoles").forEach(role -> choices.add(role.asText()));
        if (choices.isEmpty()) {
            roles.path("defaultRoles").forEach(role -> choices.add(role.asText()));
            roles.path("rules").forEach(rule -> choices.add(rule.path("role").asText()));
            choices.remove("");
        }
        return List.copyOf(choices);
    }

    /** The rules the form edits: one exact group to one role. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (JsonNode rule : policy.path("roles").path("rules")) {
            if (editable(rule)) {
                rows.add(new Row(rule.path("group").asText(), rule.path("role").asText()));
            }
        }
        return rows;
    }

    /** The rules the form leaves alone (by prefix or pattern), as text. */
    List<String> keptRules() {
        List<String> kept = new ArrayList<>();
        for (JsonNode rule : policy.path("roles").path("rules")) {
            if (!editable(rule)) {
                String match = rule.has("prefix") ? "groups starting with " + rule.path("prefix").asText()
                        : "groups matching " + rule.path("regex").asText();
                kept.add(match + " → " + rule.path("role").asText());
            }
        }
        return kept;
    }

    List<String> requiredGroups() {
        List<String> groups = new ArrayList<>();
        policy.path("requiredGroups").forEach(group -> groups.add(group.asText()));
        return groups;
    }

    /** The policy with {@code rows} as its exact-group rules and {@code required} as its required groups. */
    String with(List<Row> rows, List<String> required) {
        ObjectNode changed = policy.deepCopy();
        ObjectNode roles = changed.get("roles") instanceof ObjectNode r ? r : changed.putObject("roles");
        ArrayNode rules = JSON.createArrayNode();
        for (JsonNode rule : policy.path("roles").path("rules")) {
            if (!editable(rule)) {
                rules.add(rule);
            }
        }
        rows.forEach(row -> rules.addObject().put("group", row.group()).put("role", row.role()));
        roles.set("rules", rules);
        if (required.isEmpty()) {
            changed.remove("requiredGroups");
        } else {
            ArrayNode groups = changed.putArray("requiredGroups");
            required.forEach(groups::add);
        }
        return changed.toString();
    }

    private static boolean editable(JsonNode rule) {
        return rule.has("group") && !rule.has("prefix") && !rule.has("regex");
    }
}
