package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/configuration.md against the model: every setting the validator knows at each mapping is
 * on the page, and every setting the page names is one the validator knows. The validator is
 * asked, not copied: a setting it does not know is named with the list of those it does.
 */
class ConfigurationReferenceTests {

    /** The mappings of the model, in flat notation; a list's items as [0]. */
    private static final String[] MAPPINGS = {"", "store", "saml", "identityProviders[0]", "identityProviders[0].saml",
        "identityProviders[1].oidc", "tenants[0]", "tenants[0].roles", "tenants[0].scim", "tenants[0].elevation[0]",
        "tenants[0].statusAttribute", "schema", "schema.attributes[0]", "accessReview", "registry"};

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.+) \\|$", Pattern.MULTILINE);

    /** The fields the validator knows at {@code mapping}, from its own refusal of one it does not. */
    static List<String> known(String mapping) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", "https://app.example");
        if (!mapping.startsWith("registry")) {
            everythingButTheRegistry(settings);
        }
        String probe = (mapping.isEmpty() ? "" : mapping + ".") + "zzzNotASetting";
        settings.put(probe, "x");
        try {
            JitConfiguration.fromSettings(settings).load();
        } catch (JitConfigurationException e) {
            Matcher known = Pattern.compile(Pattern.quote(probe) + ": is not a known setting \\(known: ([^)]*)\\)")
                    .matcher(e.getMessage());
            if (known.find()) {
                return Arrays.stream(known.group(1).split(", ")).toList();
            }
            fail("The validator did not name what it knows at [" + mapping + "]: " + e.getMessage());
        }
        return fail("The validator took an unknown setting at [" + mapping + "]");
    }

    /** One of everything but the registry (which replaces tenants and connections), so each mapping is read. */
    private static void everythingButTheRegistry(Map<String, Object> settings) {
        settings.put("identityProviders[0].id", "idp");
        settings.put("identityProviders[0].saml.metadataUrl", "https://idp.example/metadata");
        settings.put("identityProviders[0].saml.entityId", "https://idp.example");
        settings.put("tenants[0].id", "acme");
        settings.put("tenants[0].domains[0]", "acme.test");
        settings.put("tenants[0].identityProviders[0]", "idp");
        settings.put("tenants[0].elevation[0].role", "deployer");
        settings.put("identityProviders[1].id", "op");
        settings.put("identityProviders[1].oidc.issuer", "https://op.example");
        settings.put("identityProviders[1].oidc.clientId", "app");
        settings.put("tenants[0].identityProviders[1]", "op");
        settings.put("schema.attributes[0].name", "email");
    }

    private static Map<String, String> rows() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("docs/configuration.md"))) {
            dir = dir.getParent();
        }
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(dir.resolve("docs/configuration.md")));
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }
        return rows;
    }

    /** The page's spelling of a flat path: tenants[0].roles is tenants[].roles. */
    private static String paged(String mapping) {
        return mapping.replaceAll("\\[\\d+\\]", "[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "store", "saml", "identityProviders[0]", "identityProviders[0].saml",
        "identityProviders[1].oidc", "tenants[0]", "tenants[0].roles", "tenants[0].scim", "tenants[0].elevation[0]",
        "tenants[0].statusAttribute", "schema", "schema.attributes[0]", "accessReview", "registry"})
    void everySettingTheValidatorKnowsIsOnThePage(String mapping) throws Exception {
        Map<String, String> rows = rows();
        List<String> missing = new ArrayList<>();
        for (String field : known(mapping)) {
            String key = (mapping.isEmpty() ? "" : paged(mapping) + ".") + field;
            boolean ownRow = rows.containsKey(key) || rows.containsKey(key + "[]")
                    || rows.keySet().stream().anyMatch(k -> k.startsWith(key + ".") || k.startsWith(key + "[]."));
            boolean described = describedBy(rows, mapping).map(text -> named(text).contains(field)).orElse(false);
            if (!ownRow && !described) {
                missing.add(key);
            }
        }
        assertThat(missing).as("settings the validator reads that docs/configuration.md does not name").isEmpty();
    }

    /** The words inside the row's code spans: `{name, activeValues}` names two settings. */
    private static List<String> named(String text) {
        List<String> words = new ArrayList<>();
        Matcher code = Pattern.compile("`([^`]+)`").matcher(text);
        while (code.find()) {
            words.addAll(Arrays.asList(code.group(1).split("[^A-Za-z0-9_]+")));
        }
        return words;
    }

    /** The row that describes a mapping's fields in prose: its own, or a list item's list's. */
    private static Optional<String> describedBy(Map<String, String> rows, String mapping) {
        String paged = paged(mapping);
        for (String key : List.of(paged, paged.endsWith("[]") ? paged.substring(0, paged.length() - 2) : paged)) {
            if (rows.containsKey(key)) {
                return Optional.of(rows.get(key));
            }
        }
        return Optional.empty();
    }

    @Test
    void everySettingThePageNamesIsOneTheValidatorKnows() throws Exception {
        Map<String, List<String>> known = new LinkedHashMap<>();
        for (String mapping : MAPPINGS) {
            known.put(paged(mapping), known(mapping));
        }
        List<String> unknown = new ArrayList<>();
        for (String key : rows().keySet()) {
            String path = key.endsWith("[]") ? key.substring(0, key.length() - 2) : key;
            int dot = path.lastIndexOf('.');
            String parent = dot < 0 ? "" : path.substring(0, dot);
            String field = path.substring(dot + 1);
            List<String> fields = known.get(parent);
            if (fields == null || !fields.contains(field)) {
                unknown.add(key);
            }
        }
        assertThat(unknown).as("settings docs/configuration.md names that the validator does not read").isEmpty();
    }
}
