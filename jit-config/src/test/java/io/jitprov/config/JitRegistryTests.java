package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.memory.InMemoryRegistryStore;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.servlet.IdpRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's Java front door and what logins make of stored documents, on one node. */
class JitRegistryTests {

    private static final String OIDC = """
            {"oidc": {"issuer": "https://login.acme.test", "clientId": "app", "clientSecret": "s3cr3t-value"}}""";

    private final InMemoryRegistryStore store = new InMemoryRegistryStore();

    private static byte[] key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        return key;
    }

    private JitRegistry registry(boolean withKey) {
        JitRegistry.Builder builder = JitRegistry.builder().store(store).pollInterval(null);
        if (withKey) {
            builder.secretKey("k1", key());
        }
        return builder.build();
    }

    @Test
    void createConnectionWhenAClientSecretIsGivenThenOnlyItsSealIsStoredAndTheConnectionIsUsed() {
        try (JitRegistry registry = registry(true)) {
            registry.createTenant("acme", "{}");
            registry.createConnection("acme", "acme-oidc", OIDC);

            String stored = registry.connection("acme-oidc").orElseThrow().document();
            assertThat(stored).doesNotContain("s3cr3t").contains("\"sealed\":\"aes-gcm:k1:");
            assertThat(registry.routes().apply("acme")).containsExactly(IdpRoute.oidc("https://login.acme.test"));
            assertThat(registry.tenants().find("acme").map(Tenant::trustedIssuers).orElseThrow())
                    .containsExactly("https://login.acme.test");
        }
    }

    @Test
    void createConnectionWhenASealIsCopiedFromAnotherConnectionThenRefused() {
        try (JitRegistry registry = registry(true)) {
            registry.createTenant("acme", "{}");
            registry.createTenant("mallory", "{}");
            registry.createConnection("acme", "acme-oidc", OIDC);
            String stolen = registry.connection("acme-oidc").orElseThrow().document()
                    .replace("https://login.acme.test", "https://login.mallory.test");

            assertThatThrownBy(() -> registry.createConnection("mallory", "mallory-oidc", stolen))
                    .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                            .containsExactly("oidc.clientSecret.sealed: cannot be opened with this application's secret keys"));
        }
    }

    @Test
    void createConnectionWhenNoSecretKeyIsConfiguredThenASecretIsRefusedAndNotStored() {
        try (JitRegistry registry = registry(false)) {
            registry.createTenant("acme", "{}");

            assertThatThrownBy(() -> registry.createConnection("acme", "acme-oidc", OIDC))
                    .isInstanceOf(JitConfigurationException.class).hasMessageContaining("no secret key");
            assertThat(registry.connectionsOf("acme")).isEmpty();
        }
    }

    @Test
    void createConnectionWhenTheTenantDoesNotExistThenRefused() {
        try (JitRegistry registry = registry(true)) {
            assertThatThrownBy(() -> registry.createConnection("nobody", "c", OIDC))
                    .isInstanceOfSatisfying(RegistryConflictException.class,
                            e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.ENTRY_NOT_FOUND));
        }
    }

    @Test
    void findWhenAStoredRuleMapsAboveALoweredCeilingThenTheTenantIsServedAndTheRuleFlagged() {
        // Written before the plan downgrade lowered the ceiling: stored as it was, not checked again.
        store.create(RegistryKind.TENANT, "acme", "acme", null, """
                {"roles": {"rules": [{"group": "acme-admins", "role": "admin"}], "allowedRoles": ["member"],
                 "defaultRoles": ["member"]}}""", Instant.now());
        try (JitRegistry registry = registry(false)) {
            Tenant acme = registry.tenants().find("acme").orElseThrow();

            assertThat(acme.roleMapping().rolesAboveCeiling()).containsExactly("admin");
            assertThatThrownBy(() -> registry.updateTenant("acme", 1, """
                    {"roles": {"rules": [{"group": "acme-admins", "role": "admin"}], "allowedRoles": ["member"]}}"""))
                    .as("but an admin cannot write it so").isInstanceOf(JitConfigurationException.class)
                    .hasMessageContaining("not in allowedRoles");
        }
    }

    @Test
    void findWhenOneStoredDocumentIsBrokenThenOnlyThatTenantIsAbsent() {
        store.create(RegistryKind.TENANT, "broken", "broken", null, "{\"seatLimit\": \"many\"}", Instant.now());
        store.create(RegistryKind.TENANT, "fine", "fine", null, "{}", Instant.now());
        try (JitRegistry registry = registry(false)) {
            assertThat(registry.tenants().find("broken")).isEmpty();
            assertThat(registry.tenants().find("fine")).isPresent();
            assertThat(registry.tenants().all()).extracting(Tenant::id).containsExactly("fine");
        }
    }

    @Test
    void loadWhenTheFileHasARegistryAndTenantsThenItSaysWhereTenantsLive(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: https://app.example
                registry: {}
                tenants:
                  - id: acme
                """);

        assertThatThrownBy(() -> JitConfigFile.load(file)).isInstanceOfSatisfying(JitConfigurationException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("tenants: is kept in the registry")));
    }

    @Test
    void loadWhenTheRegistrySectionHasUnusableSettingsThenEachIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("jit.yaml"), """
                baseUrl: https://app.example
                registry:
                  pollInterval: PT0S
                  cacheSize: 0
                  secretKeys: [{id: k1, key: {env: JIT_TEST_SHORT_KEY}}]
                  outbound: {allow: [not-a-range]}
                  refresh: daily
                """);

        assertThatThrownBy(() -> JitConfigFile.load(file, name -> name.equals("JIT_TEST_SHORT_KEY") ? "c2hvcnQ=" : null))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("registry.pollInterval:"))
                        .anySatisfy(p -> assertThat(p).startsWith("registry.cacheSize:"))
                        .anySatisfy(p -> assertThat(p).startsWith("registry.secretKeys[0]:").contains("32 bytes"))
                        .anySatisfy(p -> assertThat(p).startsWith("registry.outbound.allow[0]:"))
                        .anySatisfy(p -> assertThat(p).startsWith("registry.refresh: is not a known setting")));
    }

    @Test
    void findWhenAResponseNamesAnOpenIdIssuerAsItsSamlEntityIdThenNoConnectionAnswers() {
        // A Keycloak realm's SAML entityID and OIDC issuer are the same URL: the protocol is part of the key.
        try (JitRegistry registry = registry(true)) {
            registry.createTenant("acme", "{}");
            registry.createConnection("acme", "acme-oidc", OIDC);

            assertThat(registry.samlIdentityProviders().find("https://login.acme.test")).isEmpty();
            assertThat(registry.samlIdentityProviders().refreshKeys("https://login.acme.test")).isEmpty();
            assertThat(registry.oidcProviders().find("https://login.acme.test/")).as("exactly the issuer").isEmpty();
        }
    }
}
