package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configuration file's JSON Schema (for editors' completion and checks) against the validator
 * and the docs: at every mapping it names exactly the settings the validator reads, and every
 * configuration example in docs/ passes it.
 */
class ConfigurationSchemaTests {

    static final String SCHEMA = "/io/jitprov/config/jit-config.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schemaTree() throws IOException {
        try (InputStream in = ConfigurationSchemaTests.class.getResourceAsStream(SCHEMA)) {
            return JSON.readTree(in);
        }
    }

    private static Schema schema() throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaTree().toString());
    }

    /** The schema's object at a flat path: properties followed, lists to their items, references resolved. */
    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = resolve(root, root);
        if (path.isEmpty()) {
            return node;
        }
        for (String step : path.split("\\.")) {
            Matcher field = Pattern.compile("(\\w+)((?:\\[\\d+\\])*)").matcher(step);
            assertThat(field.matches()).isTrue();
            node = resolve(root, node.path("properties").path(field.group(1)));
            for (int i = 0; i < field.group(2).length() / 3; i++) {
                node = resolve(root, node.path("items"));
            }
        }
        return objectBranch(root, node);
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        while (node.has("$ref")) {
            node = root.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** Of a value that is text or a mapping (a domain), the mapping. */
    private static JsonNode objectBranch(JsonNode root, JsonNode node) {
        if (node.has("anyOf")) {
            for (JsonNode branch : node.get("anyOf")) {
                JsonNode resolved = resolve(root, branch);
                if (resolved.has("properties")) {
                    return resolved;
                }
            }
        }
        return node;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "store", "saml", "saml.signingKey", "saml.decryptionKeys[0]", "identityProviders[0]",
        "identityProviders[0].saml", "identityProviders[1].oidc", "tenants[0]", "tenants[0].domains[1]", "tenants[0].roles",
        "tenants[0].roles.rules[0]", "tenants[0].scim", "tenants[0].elevation[0]", "tenants[0].statusAttribute", "schema",
        "schema.attributes[0]", "accessReview", "registry", "registry.adminApi", "registry.adminApi.tokens[0]",
        "registry.dns", "registry.events", "registry.events.webhook", "registry.secretKeys[0]"})
    void atEveryMappingTheSchemaNamesExactlyTheSettingsTheValidatorReads(String mapping) throws IOException {
        JsonNode object = at(schemaTree(), mapping);
        TreeSet<String> named = new TreeSet<>();
        object.path("properties").fieldNames().forEachRemaining(named::add);

        assertThat(named).as("the schema's settings at [" + mapping + "]")
                .isEqualTo(new TreeSet<>(ConfigurationReferenceTests.known(mapping)));
        assertThat(object.path("additionalProperties").asBoolean(true)).as("others refused at [" + mapping + "]").isFalse();
    }

    @Test
    void everyConfigurationExampleInTheDocsPassesTheSchema() throws IOException {
        Schema schema = schema();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Example example : examples()) {
            List<com.networknt.schema.Error> errors = schema.validate(example.config());
            checked++;
            if (!errors.isEmpty()) {
                failures.add(example.where() + ": " + errors);
            }
        }
        assertThat(checked).as("examples found in docs/ and examples/").isGreaterThanOrEqualTo(13);
        assertThat(failures).isEmpty();
    }

    @Test
    void aMistakeTheValidatorRefusesTheSchemaRefusesToo() throws IOException {
        Schema schema = schema();
        YAMLMapper yaml = new YAMLMapper();

        assertThat(schema.validate(yaml.readTree("baseUrl: https://app.example\ntenants: [{id: acme, colour: blue}]")))
                .isNotEmpty();
        assertThat(schema.validate(yaml.readTree("baseUrl: https://app.example\nstore: {jdbcUrl: x, password: hunter2}")))
                .as("a secret written inline").isNotEmpty();
        assertThat(schema.validate(yaml.readTree("baseUrl: https://app.example/path"))).isNotEmpty();
        assertThat(schema.validate(yaml.readTree("basePath: /sso"))).as("no baseUrl").isNotEmpty();
    }

    record Example(String where, JsonNode config) { }

    /**
     * Every YAML block of docs/: a whole file, a section of one (given the baseUrl it needs) or a
     * list of identity providers; Spring Boot's application.yml (kebab-case under jit:) is not
     * the file's spelling and is left out.
     */
    static List<Example> examples() throws IOException {
        Path docs = Path.of("").toAbsolutePath();
        while (!Files.exists(docs.resolve("docs/configuration.md"))) {
            docs = docs.getParent();
        }
        List<Example> examples = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> pages = Files.list(docs.resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher block = Pattern.compile("```ya?ml\n(.*?)\n```", Pattern.DOTALL)
                        .matcher(Files.readString(page, StandardCharsets.UTF_8));
                for (int i = 1; block.find(); i++) {
                    JsonNode tree = yaml.readTree(block.group(1));
                    if (tree.has("jit") || tree.has("spring") || tree.has("server")) {
                        continue;
                    }
                    ObjectNode config = JSON.createObjectNode().put("baseUrl", "https://app.example");
                    if (tree.isArray()) {
                        config.set("identityProviders", tree);
                    } else {
                        tree.fields().forEachRemaining(field -> config.set(field.getKey(), field.getValue()));
                    }
                    examples.add(new Example(page.getFileName() + " block " + i, config));
                }
            }
        }
        // And every configuration file of the repository's examples (Spring Boot's application.yml is not one).
        try (Stream<Path> files = Files.walk(docs.resolve("examples"))) {
            for (Path file : files.filter(p -> p.toString().matches(".*\\.ya?ml")).filter(p -> !p.toString().contains("target"))
                    .sorted().toList()) {
                JsonNode tree = yaml.readTree(file.toFile());
                if (tree != null && tree.has("baseUrl")) {
                    examples.add(new Example(docs.relativize(file).toString(), tree));
                }
            }
        }
        return examples;
    }
}
