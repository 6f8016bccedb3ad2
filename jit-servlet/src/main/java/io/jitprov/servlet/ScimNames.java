package io.jitprov.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.JitError;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Attribute names and paths as jit reads them, normalised once on the way in: SCIM attribute
 * names are case-insensitive (RFC 7643 §2.1) and may be written with their schema URN (RFC 7644
 * §3.10), so {@code Active}, {@code ACTIVE} and
 * {@code urn:ietf:params:scim:schemas:core:2.0:User:active} are all {@code active}. A name that
 * appears twice once normalised is refused: which one counts would be a guess.
 */
final class ScimNames {

    private static final Map<String, String> CANONICAL = Stream.of(
                    "schemas", "id", "externalId", "meta", "userName", "name", "formatted", "familyName", "givenName",
                    "middleName", "honorificPrefix", "honorificSuffix", "displayName", "nickName", "profileUrl", "title",
                    "userType", "preferredLanguage", "locale", "timezone", "active", "password", "emails",
                    "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles",
                    "x509Certificates", "value", "display", "type", "primary", "resourceType", "created",
                    "lastModified", "location", "version")
            .collect(Collectors.toUnmodifiableMap(n -> n.toLowerCase(Locale.ROOT), Function.identity()));
    private static final String USER_PREFIX = ScimJson.USER_SCHEMA.toLowerCase(Locale.ROOT) + ":";

    private ScimNames() {
    }

    /** {@code resource} with every core attribute name in its canonical spelling; the URN-wrapped core object merged in. */
    static ObjectNode resource(JsonNode resource) {
        if (!resource.isObject()) {
            throw ScimJson.invalid("invalidSyntax", "A User resource is a JSON object");
        }
        ObjectNode out = ScimJson.JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = resource.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.equalsIgnoreCase(ScimJson.USER_SCHEMA) && field.getValue().isObject()) {
                resource(field.getValue()).fields().forEachRemaining(f -> put(out, f.getKey(), f.getValue()));
            } else {
                put(out, attribute(key), value(field.getValue()));
            }
        }
        return out;
    }

    /**
     * A PATCH path with its names canonical: {@code Active} and the URN-qualified form become
     * {@code active}, {@code Name.GivenName} becomes {@code name.givenName}. Value filters
     * ({@code emails[type eq "work"].value}) are left to their own matcher.
     */
    static String path(String path) {
        String plain = path.toLowerCase(Locale.ROOT).startsWith(USER_PREFIX) ? path.substring(USER_PREFIX.length()) : path;
        if (plain.startsWith("urn:") || plain.contains("[")) {
            return plain;
        }
        String[] parts = plain.split("\\.", -1);
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append(out.length() == 0 ? "" : ".").append(CANONICAL.getOrDefault(part.toLowerCase(Locale.ROOT), part));
        }
        return out.toString();
    }

    /** A PATCH value: objects get canonical names (and URN-qualified ones), other values stay. */
    static JsonNode value(JsonNode value) {
        if (value.isObject()) {
            return resource(value);
        }
        if (value.isArray()) {
            ArrayNode out = ScimJson.JSON.createArrayNode();
            value.forEach(item -> out.add(item.isObject() ? resource(item) : item));
            return out;
        }
        return value;
    }

    private static String attribute(String key) {
        String plain = key.toLowerCase(Locale.ROOT).startsWith(USER_PREFIX) ? key.substring(USER_PREFIX.length()) : key;
        if (plain.contains(".")) {
            // A URN-qualified sub-attribute, e.g. ...:User:name.givenName: kept as a path for PATCH values.
            return path(plain);
        }
        return CANONICAL.getOrDefault(plain.toLowerCase(Locale.ROOT), plain);
    }

    private static void put(ObjectNode out, String name, JsonNode value) {
        if (out.has(name)) {
            throw ScimJson.invalid("invalidSyntax", "The attribute " + JitError.quote(name) + " is given more than once");
        }
        if (name.contains(".") && !name.startsWith("urn:")) {
            String[] parts = name.split("\\.", 2);
            JsonNode parent = out.get(parts[0]);
            if (parent != null && !parent.isObject()) {
                throw ScimJson.invalid("invalidSyntax", "The attribute " + JitError.quote(parts[0]) + " is not complex");
            }
            ObjectNode object = parent instanceof ObjectNode o ? o : out.putObject(parts[0]);
            if (object.has(parts[1])) {
                throw ScimJson.invalid("invalidSyntax", "The attribute " + JitError.quote(name) + " is given more than once");
            }
            object.set(parts[1], value);
            return;
        }
        out.set(name, value);
    }
}
