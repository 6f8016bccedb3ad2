package io.jitprov.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.Account;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.JitError;
import io.jitprov.core.StandardAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * SCIM User resources (RFC 7643 §4.1) to and from accounts. Only what jit keeps is mapped:
 * {@code userName} (the login subject), {@code name.givenName}, {@code name.familyName},
 * {@code displayName}, the primary (else first) of {@code emails} and {@code active}; other
 * attributes are accepted and ignored.
 */
final class ScimJson {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern EMAIL_VALUE_PATH =
            Pattern.compile("emails\\[type eq \"([A-Za-z]+)\"]\\.value", Pattern.CASE_INSENSITIVE);

    private ScimJson() {
    }

    /**
     * A user resource as a client sends it, reduced to what jit keeps; {@code active} is null when
     * the resource leaves it unassigned, which never means active.
     */
    record User(String userName, Map<String, List<String>> attributes, @Nullable Boolean active) {
    }

    /** Thrown for a resource or operation jit cannot read; the message is the SCIM {@code detail}. */
    static final class ScimException extends RuntimeException {
        private final int status;
        private final @Nullable String scimType;

        ScimException(int status, @Nullable String scimType, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.scimType = scimType;
        }

        int status() {
            return status;
        }

        @Nullable String scimType() {
            return scimType;
        }
    }

    static ScimException invalid(String scimType, String detail) {
        return new ScimException(400, scimType, detail);
    }

    static ObjectNode error(int status, @Nullable String scimType, String detail) {
        ObjectNode error = JSON.createObjectNode();
        error.putArray("schemas").add(ERROR_SCHEMA);
        error.put("status", String.valueOf(status));
        if (scimType != null) {
            error.put("scimType", scimType);
        }
        error.put("detail", detail);
        return error;
    }

    static ObjectNode resource(Account account, String issuer, String location) {
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add(USER_SCHEMA);
        user.put("id", account.id());
        user.put("userName", userName(account, issuer));
        ObjectNode name = JSON.createObjectNode();
        account.attributes().first(StandardAttributes.GIVEN_NAME).ifPresent(v -> name.put("givenName", v));
        account.attributes().first(StandardAttributes.FAMILY_NAME).ifPresent(v -> name.put("familyName", v));
        if (!name.isEmpty()) {
            user.set("name", name);
        }
        account.attributes().first(StandardAttributes.DISPLAY_NAME).ifPresent(v -> user.put("displayName", v));
        Optional<String> email = account.emailAddress().or(() -> account.attributes().first(StandardAttributes.EMAIL));
        email.ifPresent(e -> user.putArray("emails").addObject().put("value", e).put("type", "work").put("primary", true));
        user.put("active", account.active());
        ObjectNode meta = user.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", account.createdAt().toString());
        meta.put("lastModified", account.updatedAt().toString());
        meta.put("location", location);
        meta.put("version", "W/\"" + account.version() + "\"");
        return user;
    }

    /** The subject of the account's identity from {@code issuer}; its id when it has none. */
    static String userName(Account account, String issuer) {
        return account.identities().stream().filter(i -> i.issuer().equals(issuer)).map(ExternalIdentity::subject)
                .findFirst().orElse(account.id());
    }

    static User read(JsonNode sent) {
        ObjectNode resource = ScimNames.resource(sent);
        String userName = text(resource.get("userName"));
        if (userName == null || userName.isBlank()) {
            throw invalid("invalidValue", "userName is required");
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        JsonNode name = resource.path("name");
        put(attributes, StandardAttributes.GIVEN_NAME, text(name.get("givenName")));
        put(attributes, StandardAttributes.FAMILY_NAME, text(name.get("familyName")));
        put(attributes, StandardAttributes.DISPLAY_NAME, text(resource.get("displayName")));
        put(attributes, StandardAttributes.EMAIL, primaryEmail(resource.get("emails")));
        JsonNode active = resource.get("active");
        return new User(userName, attributes, active == null || active.isNull() ? null : bool(active, "active"));
    }

    /** Applies a PatchOp request (RFC 7644 §3.5.2) to {@code resource}, which it changes. */
    static void patch(ObjectNode resource, JsonNode request) {
        JsonNode operations = request.get("Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw invalid("invalidSyntax", "A PatchOp needs a non-empty Operations array");
        }
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw invalid("invalidSyntax", "Each operation is a JSON object");
            }
            String op = String.valueOf(text(operation.get("op"))).toLowerCase(Locale.ROOT);
            String sentPath = text(operation.get("path"));
            String path = sentPath == null ? null : ScimNames.path(sentPath);
            JsonNode value = operation.get("value") == null ? null : ScimNames.value(operation.get("value"));
            switch (op) {
                case "add", "replace" -> {
                    if (value == null) {
                        throw invalid("invalidValue", "Operation " + op + " needs a value");
                    }
                    if (path == null) {
                        if (!value.isObject()) {
                            throw invalid("invalidValue", "Operation " + op + " without a path needs an object value");
                        }
                        value.fields().forEachRemaining(f -> set(resource, f.getKey(), f.getValue()));
                    } else {
                        set(resource, path, value);
                    }
                }
                case "remove" -> {
                    if (path == null) {
                        throw invalid("noTarget", "Operation remove needs a path");
                    }
                    remove(resource, path);
                }
                default -> throw invalid("invalidSyntax", "Unknown operation " + JitError.quote(op));
            }
        }
    }

    private static void set(ObjectNode resource, String path, JsonNode value) {
        Matcher email = EMAIL_VALUE_PATH.matcher(path);
        if (email.matches()) {
            ArrayNode emails = resource.putArray("emails");
            emails.addObject().put("value", String.valueOf(text(value))).put("type", email.group(1)).put("primary", true);
            return;
        }
        String[] parts = attributePath(path);
        if (parts.length == 2) {
            JsonNode parent = resource.get(parts[0]);
            ObjectNode object = parent instanceof ObjectNode o ? o : resource.putObject(parts[0]);
            object.set(parts[1], value);
        } else if (parts[0].equals("name") && value.isObject()) {
            ObjectNode name = resource.get("name") instanceof ObjectNode o ? o : resource.putObject("name");
            name.setAll((ObjectNode) value);
        } else {
            resource.set(parts[0], value);
        }
    }

    private static void remove(ObjectNode resource, String path) {
        if (EMAIL_VALUE_PATH.matcher(path).matches()) {
            resource.remove("emails");
            return;
        }
        String[] parts = attributePath(path);
        if (parts.length == 2) {
            if (resource.get(parts[0]) instanceof ObjectNode o) {
                o.remove(parts[1]);
            }
        } else {
            resource.remove(parts[0]);
        }
    }

    /** A path of one attribute or one sub-attribute, schema URN prefix allowed; filters other than emails are refused. */
    private static String[] attributePath(String path) {
        String plain = path.startsWith(USER_SCHEMA + ":") ? path.substring(USER_SCHEMA.length() + 1) : path;
        if (plain.startsWith("urn:")) {
            return new String[] {plain}; // an extension's attribute: kept in the resource, ignored by read()
        }
        if (!plain.matches("[A-Za-z][A-Za-z0-9_$-]*(\\.[A-Za-z][A-Za-z0-9_$-]*)?")) {
            throw invalid("invalidPath", "Path " + JitError.quote(path) + " is not supported");
        }
        return plain.split("\\.");
    }

    private static @Nullable String primaryEmail(@Nullable JsonNode emails) {
        if (emails == null || emails.isNull()) {
            return null;
        }
        if (!emails.isArray()) {
            throw invalid("invalidValue", "emails is a list");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode email : emails) {
            String value = text(email.get("value"));
            if (value != null) {
                if (email.path("primary").asBoolean(false)) {
                    return value;
                }
                values.add(value);
            }
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static void put(Map<String, List<String>> attributes, String name, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(name, List.of(value));
        }
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw invalid("invalidValue", "Expected a single value, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node.asText();
    }

    /** Entra ID has sent booleans as the strings "True" and "False". */
    private static boolean bool(JsonNode node, String name) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.textValue().equalsIgnoreCase("true") || node.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.textValue().toLowerCase(Locale.ROOT));
        }
        throw invalid("invalidValue", name + " must be true or false");
    }
}
