package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.saml.IdpSide;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML features in a configuration file: each one works, or is a problem with its path; none is ignored. */
class JitConfigFileYamlTests {

    @TempDir
    Path dir;

    private Path write(String tenants) throws IOException {
        Files.writeString(dir.resolve("idp.xml"), IdpSide.metadata().replace("WantAuthnRequestsSigned=\"true\"", ""));
        return Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: http://127.0.0.1:8080
                identityProviders:
                  - id: acme-idp
                    saml: {metadataFile: idp.xml}
                """ + tenants);
    }

    private static JitConfigurationException refused(Path file) {
        try {
            JitConfigFile.load(file);
        } catch (JitConfigurationException e) {
            return e;
        }
        throw new AssertionError("The file was accepted");
    }

    @Test
    void loadWhenRolesAreAnAliasThenTheAnchorsRolesAreReadThereProblemsIncluded() throws Exception {
        String tenants = """
                tenants:
                  - id: acme
                    domains: [acme.test]
                    identityProviders: [acme-idp]
                    roles: &roles
                      defaultRoles: [member]
                      rules: [{regex: "acme-(ops", role: operator}]
                  - id: globex
                    domains: [globex.test]
                    identityProviders: [acme-idp]
                    roles: *roles
                """;

        assertThat(refused(write(tenants)).problems())
                .anySatisfy(p -> assertThat(p).startsWith("tenants[0].roles.rules[0].regex: is not a valid"))
                .anySatisfy(p -> assertThat(p).startsWith("tenants[1].roles.rules[0].regex: is not a valid"));
        assertThat(JitConfigFile.load(write(tenants.replace("acme-(ops", "acme-(ops)"))).build()).isNotNull();
    }

    @Test
    void loadWhenASettingHoldsTextWhereSettingsAreExpectedThenAProblemNotNoSettings() throws Exception {
        Path file = write("""
                tenants:
                  - id: acme
                    domains: [acme.test]
                    identityProviders: [acme-idp]
                    roles: admins
                """);

        assertThat(refused(file).problems()).containsExactly("tenants[0].roles: must be a mapping of settings, not [admins]");
    }

    @Test
    void loadWhenAKeyIsSetTwiceOrATagIsUsedThenEveryOneIsNamed() throws Exception {
        Path file = write("""
                tenants:
                  - id: acme
                    domains: [acme.test]
                    identityProviders: [acme-idp]
                    jitEnabled: false
                    jitEnabled: true
                    seatLimit: !!int "5"
                """);

        assertThat(refused(file).problems()).containsExactly(
                "tenants[0].jitEnabled: is set twice in one mapping: keep one",
                "tenants[0].seatLimit: carries the YAML tag [tag:yaml.org,2002:int], which the configuration does not"
                        + " read: write the plain value");
    }

    @Test
    void loadWhenAliasesExpandWithoutEndThenOneProblemAndNoOutOfMemory() throws Exception {
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        Path file = write(laughs.toString());

        assertThatThrownBy(() -> JitConfigFile.load(file)).isInstanceOfSatisfying(JitConfigurationException.class,
                e -> assertThat(e.problems()).containsExactly(
                        "The file expands to more than 100000 values through its aliases"));
    }
}
