package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** YAML read so that nothing is silently misread: what works, and what is a named problem. */
class ConfigTreeTests {

    private final List<String> problems = new ArrayList<>();

    private JsonNode yaml(String content) throws IOException {
        return ConfigTree.read(content, false, problems);
    }

    private static JsonNode json(String content) throws IOException {
        return new ObjectMapper().readTree(content);
    }

    @Test
    void readWhenAnAliasNamesAnAnchorThenItHoldsTheAnchorsValue() throws IOException {
        JsonNode tree = yaml("""
                shared: &roles {defaultRoles: [member], rules: [{group: admins, role: admin}]}
                paths: &paths [/app/, /admin/]
                tenants:
                  - {id: acme, roles: *roles, protectedPaths: *paths}
                  - {id: globex, roles: *roles}
                """);

        assertThat(problems).isEmpty();
        assertThat(tree.at("/tenants/0/roles")).isEqualTo(json("{\"defaultRoles\": [\"member\"],"
                + " \"rules\": [{\"group\": \"admins\", \"role\": \"admin\"}]}"));
        assertThat(tree.at("/tenants/1/roles")).isEqualTo(tree.at("/tenants/0/roles"));
        assertThat(tree.at("/tenants/0/protectedPaths")).isEqualTo(json("[\"/app/\", \"/admin/\"]"));
    }

    @Test
    void readWhenMergeKeysThenOwnFieldsWinThenTheFirstMergedMapping() throws IOException {
        JsonNode tree = yaml("""
                base: &base {seatLimit: 10, jitEnabled: false, linkPolicy: never}
                more: &more {seatLimit: 20, syncMode: import}
                tenants:
                  - id: acme
                    <<: [*base, *more]
                    jitEnabled: true
                """);

        assertThat(problems).isEmpty();
        assertThat(tree.at("/tenants/0")).isEqualTo(json("{\"id\": \"acme\", \"jitEnabled\": true, \"seatLimit\": 10,"
                + " \"linkPolicy\": \"never\", \"syncMode\": \"import\"}"));
    }

    @Test
    void readWhenAnAliasComesBeforeItsAnchorOrMergesTextThenProblemsWithTheirPaths() throws IOException {
        yaml("""
                tenants:
                  - {id: acme, roles: *roles}
                  - {id: globex, <<: plain}
                later: &roles {defaultRoles: [member]}
                """);

        assertThat(problems).containsExactly(
                "tenants[0].roles: refers to *roles, but no &roles comes before it (an anchor cannot hold an alias"
                        + " of itself)",
                "tenants[1].<<: must merge a mapping, or a list of mappings (<<: *defaults)");
    }

    @Test
    void readWhenAKeyIsSetTwiceThenAProblemNotTheLastOneWinning() throws IOException {
        yaml("""
                tenants:
                  - id: acme
                    jitEnabled: false
                    jitEnabled: true
                """);

        assertThat(problems).containsExactly("tenants[0].jitEnabled: is set twice in one mapping: keep one");
    }

    @Test
    void readWhenJsonSetsAKeyTwiceThenTheSameProblem() throws IOException {
        ConfigTree.read("{\"baseUrl\": \"https://a\", \"baseUrl\": \"https://b\"}", true, problems);

        assertThat(problems).containsExactly("baseUrl: is set twice in one mapping: keep one");
    }

    @Test
    void readWhenValuesCarryTagsThenEachIsAProblem() throws IOException {
        yaml("""
                baseUrl: !!str https://app.example
                secret: !!binary aGVsbG8=
                tenants: !custom [acme]
                """);

        assertThat(problems).hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("baseUrl: carries the YAML tag"))
                .anySatisfy(p -> assertThat(p).startsWith("secret: carries the YAML tag"))
                .anySatisfy(p -> assertThat(p).startsWith("tenants: carries the YAML tag [custom]"));
    }

    @Test
    void readWhenTheFileHoldsASecondDocumentThenAProblem() throws IOException {
        yaml("""
                baseUrl: https://app.example
                ---
                baseUrl: https://evil.example
                """);

        assertThat(problems).containsExactly("The file holds more than one YAML document (---): put every setting in one");
    }

    @Test
    void readWhenAliasesExpandPastTheLimitThenRefusedBeforeBuildingIt() {
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }

        assertThatThrownBy(() -> yaml(laughs.toString())).isInstanceOf(ConfigTree.TooLarge.class)
                .hasMessage("The file expands to more than 100000 values through its aliases");
    }

    @org.junit.jupiter.api.Test
    void readWhenNestedDeeperThanAnyFileThenRefusedNotOverflowed() {
        String deep = "{\"x\": " + "[".repeat(ConfigTree.MAX_DEPTH) + "]".repeat(ConfigTree.MAX_DEPTH) + "}";
        String fine = "{\"x\": " + "[".repeat(ConfigTree.MAX_DEPTH - 1) + "]".repeat(ConfigTree.MAX_DEPTH - 1) + "}";

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigTree.read(deep, true, new java.util.ArrayList<>()))
                .isInstanceOf(ConfigTree.TooLarge.class).hasMessage("The file nests settings more than 64 levels deep");
        org.assertj.core.api.Assertions.assertThatCode(() -> ConfigTree.read(fine, true, new java.util.ArrayList<>()))
                .doesNotThrowAnyException();
    }
}
