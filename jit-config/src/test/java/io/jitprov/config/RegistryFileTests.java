package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.JitLogin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One model both ways: a file seeds the registry once, and the registry exports as such a file. */
class RegistryFileTests {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    Path dir;

    private RegistryTestNodes nodes;
    private final List<JitLogin> started = new ArrayList<>();

    @BeforeEach
    void open() {
        nodes = new RegistryTestNodes("jdbc:h2:mem:file-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", dir);
    }

    @AfterEach
    void close() throws Exception {
        nodes.close();
    }

    private Path file(String tenantsAndIdps) throws Exception {
        Files.writeString(dir.resolve("idp.xml"), IdpSide.metadata());
        return Files.writeString(dir.resolve("jit-" + UUID.randomUUID() + ".yaml"), """
                baseUrl: https://app.example
                store: {jdbcUrl: "%s", tablePrefix: %s}
                saml:
                  signingKey: {keyFile: sp.key, certificateFile: sp.crt}
                registry:
                  seed: true
                  pollInterval: PT1H
                  secretKeys: [{id: k1, key: {env: KEY}}]
                """.formatted(nodes.jdbcUrl(), nodes.prefix()) + tenantsAndIdps);
    }

    private void load(Path file) throws Exception {
        Files.writeString(dir.resolve("sp.key"), IdpSide.spKeyPem());
        Files.writeString(dir.resolve("sp.crt"), IdpSide.spCertificatePem());
        JitConfigFile.load(file, name -> switch (name) {
            case "KEY" -> KEY;
            case "ACME_SECRET" -> "s3cr3t-value";
            case "ACME_SCIM" -> "scim-token-of-acme-0123456789abcdef0123";
            default -> null;
        });
    }

    private static final String ACME = """
            identityProviders:
              - id: acme-saml
                saml: {metadataFile: idp.xml, emailsVerified: true, groupAttributes: [memberOf]}
              - id: acme-oidc
                oidc: {issuer: "https://login.acme.test", clientId: app, clientSecret: {env: ACME_SECRET}}
            tenants:
              - id: acme
                domains: [acme.test, {name: corp.acme.test, includeSubdomains: true}]
                identityProviders: [acme-saml, acme-oidc]
                seatLimit: 50
                roles: {rules: [{group: acme-admins, role: admin}], defaultRoles: [member]}
            """;

    @Test
    void seedWhenTheRegistryIsEmptyThenTheFilesTenantsConnectionsAndDomainsAreWrittenOnce() throws Exception {
        load(file(ACME));

        JitRegistry registry = nodes.backOffice;
        assertThat(registry.tenant("acme").orElseThrow().document()).contains("\"seatLimit\":50")
                .doesNotContain("domains").doesNotContain("identityProviders");
        assertThat(registry.connectionsOf("acme")).extracting(e -> e.id()).containsExactly("acme-oidc", "acme-saml");
        assertThat(registry.connection("acme-saml").orElseThrow().document()).contains("EntityDescriptor")
                .doesNotContain("metadataFile");
        assertThat(registry.connection("acme-oidc").orElseThrow().document()).doesNotContain("s3cr3t")
                .contains("aes-gcm:k1:");
        assertThat(registry.domains().tenantFor("a.corp.acme.test")).contains("acme");

        registry.updateTenant("acme", 1, "{\"seatLimit\": 7}");
        load(file(ACME)); // another node, or the next start

        assertThat(registry.tenant("acme").orElseThrow().version()).as("left alone").isEqualTo(2);
        assertThat(registry.connectionsOf("acme")).hasSize(2);
    }

    @Test
    void exportRegistryWhenTheFileHasNoRegistryThenSaysSo() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), "baseUrl: https://app.example\n");

        assertThatThrownBy(() -> JitConfigFile.exportRegistry(plain)).isInstanceOf(JitConfigurationException.class)
                .hasMessageContaining("no registry section");
    }

    @Test
    void seedWhenAnIdpIsTrustedByTwoTenantsThenAProblemAtItsPlaceInTheFile() throws Exception {
        Path file = file("""
                identityProviders:
                  - id: shared
                    saml: {metadataFile: idp.xml}
                tenants:
                  - id: acme
                    identityProviders: [shared]
                  - id: globex
                    identityProviders: [shared, missing]
                """);

        assertThatThrownBy(() -> load(file)).isInstanceOfSatisfying(JitConfigurationException.class,
                e -> assertThat(e.problems()).contains(
                        "tenants[1].identityProviders[0]: [shared] is trusted by tenant [acme] too: in the registry an"
                                + " IdP belongs to one tenant's connection",
                        "tenants[1].identityProviders[1]: names no identity provider of this file: [missing]"));
        assertThat(nodes.backOffice.listTenants(null, 10)).as("nothing written").isEmpty();
    }

    @Test
    void exportWhenSeededAgainIntoAnEmptyRegistryThenTheSameTenantsAndConnections() throws Exception {
        load(file(ACME));

        String exported = nodes.backOffice.export();
        assertThat(JitConfigFile.exportRegistry(file(""), name -> name.equals("KEY") ? KEY : null))
                .as("the same through the file").isEqualTo(exported);

        assertThat(exported).contains("JIT_CLIENT_SECRET_ACME_OIDC").doesNotContain("aes-gcm").doesNotContain("s3cr3t")
                .contains("- acme.test").contains("includeSubdomains: true");
        try (RegistryTestNodes other = new RegistryTestNodes("jdbc:h2:mem:file-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", dir)) {
            String yaml = exported.replace("JIT_CLIENT_SECRET_ACME_OIDC", "ACME_SECRET");
            Path again = Files.writeString(dir.resolve("again.yaml"), """
                    baseUrl: https://app.example
                    store: {jdbcUrl: "%s", tablePrefix: %s}
                    saml:
                      signingKey: {keyFile: sp.key, certificateFile: sp.crt}
                    registry: {seed: true, pollInterval: PT1H, secretKeys: [{id: k1, key: {env: KEY}}]}
                    """.formatted(other.jdbcUrl(), other.prefix()) + yaml);
            load(again);

            assertThat(other.backOffice.tenant("acme").orElseThrow().document())
                    .isEqualTo(nodes.backOffice.tenant("acme").orElseThrow().document());
            assertThat(other.backOffice.connection("acme-saml").orElseThrow().document())
                    .isEqualTo(nodes.backOffice.connection("acme-saml").orElseThrow().document());
            assertThat(other.backOffice.domains().tenantFor("x.corp.acme.test")).contains("acme");
            assertThat(other.backOffice.export()).isEqualTo(exported);
        }
    }

    @Test
    void seedWhenATenantHasAScimEndpointThenItsTokensAreKeptAsHashesAndExportedAsVariables() throws Exception {
        load(file("""
                identityProviders:
                  - id: acme-saml
                    saml: {metadataFile: idp.xml}
                tenants:
                  - id: acme
                    identityProviders: [acme-saml]
                    scim: {token: {env: ACME_SCIM}, onDelete: delete}
                """));

        String stored = nodes.backOffice.tenant("acme").orElseThrow().document();
        assertThat(stored).doesNotContain("scim-token-of-acme")
                .contains(JitAdminApi.hashToken("scim-token-of-acme-0123456789abcdef0123"));
        assertThat(nodes.backOffice.scimEndpoints().apply("acme")).hasValueSatisfying(endpoint -> {
            assertThat(endpoint.issuer()).isEqualTo(IdpSide.IDP);
            assertThat(endpoint.onDelete()).isEqualTo(io.jitprov.servlet.ScimProvisioning.OnDelete.DELETE);
        });
        assertThat(nodes.backOffice.export()).contains("JIT_SCIM_TOKEN_ACME").doesNotContain("sha256");
    }
}
