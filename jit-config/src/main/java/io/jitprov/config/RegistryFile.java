package io.jitprov.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainClaimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The configuration file and the registry, one model read both ways: a file's {@code tenants} and
 * {@code identityProviders} imported into the registry ({@code registry.seed: true}: what exists is
 * left alone, so every node may seed at every start), and the registry exported as such a file,
 * for backups and review.
 */
final class RegistryFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;

    private RegistryFile() {
    }

    /**
     * Writes the file's tenants, their IdPs (each becomes a connection of the one tenant that trusts
     * it) and their domains (verified on the operator's word) where the registry has none yet.
     * Problems are reported at their place in the file.
     */
    static void seed(ConfigNode root, JitRegistry registry, Function<String, @Nullable String> environment) {
        Map<String, ConfigNode> idps = new LinkedHashMap<>();
        for (ConfigNode idp : root.get("identityProviders").list()) {
            idp.allowOnly("id", "saml", "oidc");
            String id = idp.get("id").requiredText();
            if (!id.isEmpty() && idps.putIfAbsent(id, idp) != null) {
                idp.problem("id", "[" + id + "] is used twice");
            }
        }
        Map<String, String> owners = new LinkedHashMap<>();
        List<ConfigNode> tenants = root.get("tenants").list();
        for (ConfigNode tenant : tenants) {
            String id = tenant.get("id").requiredText();
            for (ConfigNode ref : tenant.get("identityProviders").list()) {
                ref.text().ifPresent(name -> {
                    String other = owners.putIfAbsent(name, id);
                    if (!idps.containsKey(name)) {
                        ref.problem(null, "names no identity provider of this file: [" + name + "]");
                    } else if (other != null && !other.equals(id)) {
                        ref.problem(null, "[" + name + "] is trusted by tenant [" + other + "] too: in the registry"
                                + " an IdP belongs to one tenant's connection");
                    }
                });
            }
        }
        if (root.problemCount() > 0) {
            return;
        }
        for (ConfigNode tenant : tenants) {
            seedTenant(tenant, registry, environment);
        }
        owners.forEach((idp, tenant) -> seedConnection(idps.get(idp), tenant, registry, environment));
        for (ConfigNode tenant : tenants) {
            seedDomains(tenant, registry);
        }
    }

    private static void seedTenant(ConfigNode tenant, JitRegistry registry,
            Function<String, @Nullable String> environment) {
        String id = tenant.get("id").requiredText();
        if (id.isEmpty() || registry.tenant(id).isPresent()) {
            return;
        }
        ObjectNode document = JSON.createObjectNode();
        tenant.fields().forEach((name, value) -> {
            if (!List.of("id", "domains", "identityProviders", "scim").contains(name)) {
                document.set(name, value.raw());
            }
        });
        ConfigNode scim = tenant.get("scim");
        if (scim.present()) {
            // Given as text, the registry keeps each token's SHA-256 only.
            ObjectNode endpoint = document.putObject("scim");
            ArrayNode tokens = endpoint.putArray("tokens");
            scim.get("token").secret(environment).ifPresent(tokens::add);
            scim.get("tokens").list().forEach(token -> token.secret(environment).ifPresent(tokens::add));
            scim.get("identityProvider").text().ifPresent(idp -> endpoint.put("identityProvider", idp));
            scim.get("onDelete").text().ifPresent(onDelete -> endpoint.put("onDelete", onDelete));
        }
        write(tenant, () -> registry.createTenant(id, document.toString()), () -> registry.tenant(id).isPresent());
    }

    private static void seedConnection(ConfigNode idp, String tenantId, JitRegistry registry,
            Function<String, @Nullable String> environment) {
        String id = idp.get("id").requiredText();
        if (registry.connection(id).isPresent() || registry.tenant(tenantId).isEmpty()) {
            return;
        }
        ObjectNode document = JSON.createObjectNode();
        ConfigNode saml = idp.get("saml");
        if (saml.present()) {
            ObjectNode settings = copy(saml, "metadataFile", "signedBy", "allowInsecureHttp");
            for (String local : List.of("signedBy", "allowInsecureHttp")) {
                if (saml.get(local).present()) {
                    saml.problem(local, "cannot be kept in the registry (give registry.outbound for test servers,"
                            + " and metadata that you checked)");
                }
            }
            Optional<Path> file = saml.get("metadataFile").file();
            if (file.isPresent()) {
                try {
                    settings.put("metadata", Files.readString(file.get()));
                } catch (IOException e) {
                    saml.problem("metadataFile", "cannot be read: " + e.getMessage());
                    return;
                }
            }
            document.set("saml", settings);
        } else {
            ConfigNode oidc = idp.get("oidc");
            ObjectNode settings = copy(oidc, "clientSecret");
            // Given as text, the registry seals it under the application's key.
            oidc.get("clientSecret").secret(environment).ifPresent(secret -> settings.put("clientSecret", secret));
            document.set("oidc", settings);
        }
        write(idp, () -> registry.createConnection(tenantId, id, document.toString()),
                () -> registry.connection(id).isPresent());
    }

    private static void seedDomains(ConfigNode tenant, JitRegistry registry) {
        String id = tenant.get("id").requiredText();
        for (ConfigNode domain : tenant.get("domains").list()) {
            domain.allowOnly("name", "includeSubdomains");
            String name = domain.isMapping() ? domain.get("name").requiredText() : domain.text().orElse("");
            boolean subdomains = domain.isMapping() && domain.get("includeSubdomains").bool(false);
            if (name.isEmpty() || registry.domains().tenantFor(name).isPresent()) {
                continue; // verified already, for this tenant or another: left alone
            }
            try {
                registry.markDomainVerified(id, name, subdomains);
            } catch (DomainClaimException e) {
                domain.problem(null, e.error().description());
            }
        }
    }

    private static ObjectNode copy(ConfigNode settings, String... without) {
        ObjectNode copy = JSON.createObjectNode();
        settings.fields().forEach((name, value) -> {
            if (!List.of(without).contains(name)) {
                copy.set(name, value.raw());
            }
        });
        return copy;
    }

    /** A write another node made first is left alone; any other refusal is a problem of the file. */
    private static void write(ConfigNode place, Runnable write, BooleanSupplier writtenByAnother) {
        try {
            write.run();
        } catch (JitConfigurationException e) {
            e.problems().forEach(problem -> place.problem(null, problem));
        } catch (RegistryConflictException e) {
            if (!e.error().code().equals(JitErrorCodes.ENTRY_EXISTS) || !writtenByAnother.getAsBoolean()) {
                place.problem(null, e.error().description());
            }
        }
    }

    /**
     * The registry as a configuration file: {@code identityProviders} (its connections, each client
     * secret replaced by an environment variable to give when importing) and {@code tenants}, with
     * their verified domains and connections.
     */
    static String export(JitRegistry registry) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode idps = root.putArray("identityProviders");
        ArrayNode tenants = root.putArray("tenants");
        List<String> secrets = new ArrayList<>();
        String after = null;
        List<RegistryEntry> page;
        do {
            page = registry.listTenants(after, PAGE);
            for (RegistryEntry tenant : page) {
                after = tenant.id();
                ObjectNode entry = tenants.addObject().put("id", tenant.id());
                ArrayNode domains = JSON.createArrayNode();
                for (DomainClaim claim : registry.domains().claimsOf(tenant.id())) {
                    if (claim.verified()) {
                        domains.add(claim.includeSubdomains() ? JSON.createObjectNode().put("name", claim.domain())
                                .put("includeSubdomains", true) : JSON.getNodeFactory().textNode(claim.domain()));
                    }
                }
                entry.set("domains", domains);
                ArrayNode trusted = entry.putArray("identityProviders");
                for (RegistryEntry connection : registry.connectionsOf(tenant.id())) {
                    trusted.add(connection.id());
                    idps.add(connection(connection, secrets));
                }
                parse(tenant.document()).fields().forEachRemaining(field -> entry.set(field.getKey(), field.getValue()));
                if (entry.path("scim") instanceof ObjectNode scim && scim.has("tokens")) {
                    String variable = "JIT_SCIM_TOKEN_" + variableName(tenant.id());
                    scim.remove("tokens");
                    scim.putObject("token").put("env", variable);
                    secrets.add(variable);
                }
            }
        } while (page.size() == PAGE);
        try {
            StringBuilder out = new StringBuilder("# Exported from jit's registry. Import with registry.seed: true.\n");
            if (!secrets.isEmpty()) {
                out.append("# Client secrets and SCIM tokens are not exported: set ").append(String.join(", ", secrets))
                        .append(" when importing.\n");
            }
            return out.append(YAML.writeValueAsString(root)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The registry could not be written as YAML", e);
        }
    }

    private static ObjectNode connection(RegistryEntry connection, List<String> secrets) {
        ObjectNode entry = JSON.createObjectNode().put("id", connection.id());
        parse(connection.document()).fields().forEachRemaining(field -> entry.set(field.getKey(), field.getValue()));
        if (entry.path("oidc") instanceof ObjectNode oidc && oidc.has("clientSecret")) {
            String variable = "JIT_CLIENT_SECRET_" + variableName(connection.id());
            oidc.putObject("clientSecret").put("env", variable);
            secrets.add(variable);
        }
        return entry;
    }

    private static String variableName(String id) {
        return id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static JsonNode parse(String document) {
        try {
            JsonNode tree = JSON.readTree(document);
            return tree != null && tree.isObject() ? tree : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}
