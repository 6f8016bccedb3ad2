package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flat settings made into the file's tree, with Spring Boot's precedence between sources. */
class FlatSettingsTests {

    private final List<String> problems = new ArrayList<>();

    @Test
    void treeWhenNamesAreKebabOrCamelThenTheyAreTheFilesNames() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("base-url", "https://app.example");
        settings.put("identity-providers[0].saml.metadata-url", "https://idp.example/md");
        settings.put("tenants[0].attributeSync.employee-id", "on_login");
        settings.put("tenants[0].seat-limit", 5);

        String tree = FlatSettings.tree(settings, problems).toString();

        assertThat(problems).isEmpty();
        assertThat(tree).isEqualTo("{\"baseUrl\":\"https://app.example\",\"identityProviders\":[{\"saml\":{\"metadataUrl\":"
                + "\"https://idp.example/md\"}}],\"tenants\":[{\"attributeSync\":{\"employee-id\":\"on_login\"},"
                + "\"seatLimit\":\"5\"}]}");
    }

    @Test
    void treeWhenSourcesOverlapThenTheFirstWinsAndTakesItsListsWhole() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("baseUrl", "https://first.example");
        first.put("tenants[0].domains[0]", "first.test");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("base-url", "https://second.example");
        second.put("tenants[0].domains[0]", "second.test");
        second.put("tenants[0].domains[1]", "third.test");
        second.put("protectedPaths[0]", "/app/");

        String tree = FlatSettings.tree(List.of(first, second), problems).toString();

        assertThat(problems).isEmpty();
        assertThat(tree).isEqualTo("{\"baseUrl\":\"https://first.example\",\"tenants\":[{\"domains\":[\"first.test\"]}],"
                + "\"protectedPaths\":[\"/app/\"]}");
    }

    @Test
    void treeWhenOneSourceSpellsASettingTwiceThenAProblem() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", "https://a.example");
        settings.put("base-url", "https://b.example");

        FlatSettings.tree(settings, problems);

        assertThat(problems).containsExactly("base-url: is set twice, or is also a mapping or list in another setting");
    }
}
