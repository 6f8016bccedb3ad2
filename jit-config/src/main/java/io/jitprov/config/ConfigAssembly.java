package io.jitprov.config;

import io.jitprov.core.attributes.AttributeDefinition;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.attributes.AttributeType;
import io.jitprov.core.delegation.Delegations;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.provisioning.AccessSweeper;
import io.jitprov.core.provisioning.Deprovisioner;
import io.jitprov.core.review.AccessReview;
import io.jitprov.core.tenant.DomainClaimException;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.JitObserver;
import io.jitprov.servlet.ScimProvisioning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Builds a {@link JitLogin} from a configuration tree, reporting problems by path as it goes. */
final class ConfigAssembly {

    private final ConfigNode root;
    private final Function<String, @Nullable String> environment;
    private final ConfigSaml saml;
    private final ConfigOidc oidc;
    /** Identity provider id → how to reach it. */
    private final Map<String, IdpRoute> idps = new LinkedHashMap<>();
    private final List<ConfigScim.Endpoint> scimEndpoints = new ArrayList<>();

    private final BiConsumer<JitLogin.Builder, JitRegistry> withRegistry;
    /** The application's own database, which the {@code store} section then only tunes. */
    private final @Nullable DataSource applicationDatabase;
    /** Told of sign-ins and SCIM requests by the login, and of IdP documents read by the resolvers. */
    private final JitObserver observer;

    ConfigAssembly(ConfigNode root, Function<String, @Nullable String> environment,
            BiConsumer<JitLogin.Builder, JitRegistry> withRegistry, @Nullable DataSource applicationDatabase,
            JitObserver observer) {
        this.root = root;
        this.environment = environment;
        this.withRegistry = withRegistry;
        this.applicationDatabase = applicationDatabase;
        this.observer = observer;
        this.saml = new ConfigSaml(observer);
        this.oidc = new ConfigOidc(observer);
    }

    private ConfigStore readStore() {
        return applicationDatabase != null ? ConfigStore.applications(applicationDatabase, root.get("store"))
                : ConfigStore.read(root.get("store"), environment);
    }

    JitLogin.Builder assemble() {
        root.allowOnly("baseUrl", "basePath", "postLoginPath", "protectedPaths", "store", "saml",
                "identityProviders", "tenants", "schema", "accessReview", "registry");
        JitLogin.Builder login = JitLogin.builder().observer(observer);
        String baseUrl = root.get("baseUrl").requiredText();
        if (!baseUrl.isEmpty() && !baseUrl.matches("https?://[^/?#]+")) {
            root.problem("baseUrl", "must be an origin such as https://app.example (no path), not [" + baseUrl + "]");
        }
        String basePath = root.get("basePath").text().orElse("/sso");
        apply(root.get("basePath"), () -> login.basePath(basePath));
        root.get("postLoginPath").text().ifPresent(path -> apply(root.get("postLoginPath"), () -> login.postLoginPath(path)));
        login.protectedPaths(root.get("protectedPaths").texts().toArray(String[]::new));
        if (root.get("registry").present()) {
            return fromRegistry(login, baseUrl + basePath);
        }

        readIdentityProviders();
        ConfigStore store = readStore();
        DomainRegistry domains = DomainRegistry.builder().build();
        List<Tenant> tenants = readTenants(domains, login);
        AttributeSchema schema = withTenantAttributes(readSchema(root.get("schema")), tenants);
        if (root.problemCount() > 0) {
            return refused(login, store);
        }
        TenantDirectory directory = TenantDirectory.of(tenants);
        JitStores stores = store.stores();
        login.baseUrl(baseUrl).domains(domains).stores(stores);
        closeWithLogin(login, store);
        boolean elevation = tenants.stream().anyMatch(t -> !t.elevationRules().isEmpty());
        Deprovisioner deprovisioner = lifecycle(login, stores, directory, elevation, schema);
        login.provisioner(stores.provisioner().schema(schema).tenantResolver(DomainTenantResolver.of(domains, directory))
                .deprovisioner(deprovisioner).build());
        String endpoints = baseUrl + basePath;
        if (saml.used()) {
            ConfigSaml.SamlParts parts = saml.build(root.get("saml"), endpoints, stores);
            login.saml(parts.serviceProvider(), parts.identityProviders(), parts.verifier())
                    .samlSingleLogout(parts.singleLogout());
        } else if (root.get("saml").present()) {
            root.problem("saml", "is set, but no identity provider uses SAML");
        }
        if (oidc.used()) {
            ConfigOidc.OidcParts parts = oidc.build(stores);
            login.oidc(parts.login(), parts.verifier());
        }
        return root.problemCount() > 0 ? refused(login, store) : login;
    }

    /**
     * With {@code registry}, tenants and connections are the registry's, changed at runtime: the file
     * says how this application signs in (its SAML service provider, schema, store), not who does.
     */
    private JitLogin.Builder fromRegistry(JitLogin.Builder login, String endpoints) {
        boolean seed = root.get("registry").get("seed").bool(false);
        for (String field : List.of("tenants", "identityProviders")) {
            if (root.get(field).present() && !seed) {
                root.problem(field, "is kept in the registry when the file has a registry section: add tenants and"
                        + " connections through the registry (JitRegistry or the admin API), or import this file's"
                        + " with registry.seed: true");
            }
        }
        ConfigStore store = readStore();
        AttributeSchema schema = readSchema(root.get("schema"));
        if (root.problemCount() > 0) {
            return refused(login, store);
        }
        Optional<JitRegistry> read = ConfigRegistry.read(root.get("registry"), store, schema, environment,
                observer);
        if (read.isEmpty()) {
            return refused(login, store);
        }
        JitRegistry registry = read.get();
        if (seed) {
            RegistryFile.seed(root, registry, environment);
        }
        ConfigRegistry.adminApi(root.get("registry"), registry, store.auditTrail(), environment)
                .ifPresent(api -> login.mount(JitAdminApi.PATH, api));
        withRegistry.accept(login, registry);
        JitStores stores = store.stores();
        login.baseUrl(root.get("baseUrl").requiredText()).domains(registry.domains()).stores(stores)
                .routes(registry.routes());
        closeWithLogin(login, store);
        login.closeOnStop(registry);
        TenantDirectory directory = registry.tenants();
        Deprovisioner deprovisioner = lifecycle(login, stores, directory, true, schema);
        login.scim(ScimProvisioning.builder().deprovisioner(deprovisioner).userStore(stores.userStore())
                .preprovisioner(stores.preprovisioner().tenants(directory).schema(schema).build())
                .tenants(registry.scimEndpoints()).build());
        login.provisioner(stores.provisioner().schema(schema)
                .tenantResolver(DomainTenantResolver.of(registry.domains(), directory))
                .deprovisioner(deprovisioner).build());
        ConfigSaml.SamlParts samlParts = ConfigSaml.build(root.get("saml"), endpoints, stores,
                registry.samlIdentityProviders());
        login.saml(samlParts.serviceProvider(), samlParts.identityProviders(), samlParts.verifier())
                .samlSingleLogout(samlParts.singleLogout());
        ConfigOidc.OidcParts oidcParts = ConfigOidc.build(stores, registry.oidcProviders());
        login.oidc(oidcParts.login(), oidcParts.verifier());
        if (root.problemCount() > 0) {
            registry.close();
            return refused(login, store);
        }
        return login;
    }

    /** The pool jit made lives as long as the login, and is closed when the filter stops. */
    private static void closeWithLogin(JitLogin.Builder login, ConfigStore store) {
        if (store.ownPool() != null) {
            login.closeOnStop(store.ownPool());
        }
    }

    /** The configuration is refused: nothing will use the pool jit made, so it is closed now. */
    private static JitLogin.Builder refused(JitLogin.Builder login, ConfigStore store) {
        store.closeOwnPool();
        return login;
    }

    /** Elevation, delegations, the sweeper, the access review and SCIM, on the store; returns the deprovisioner. */
    private Deprovisioner lifecycle(JitLogin.Builder login, JitStores stores, TenantDirectory directory,
            boolean elevationUsed, AttributeSchema schema) {
        Delegations delegations = stores.delegations().build();
        login.delegations(delegations);
        Elevation elevation = null;
        if (elevationUsed) {
            elevation = stores.elevation().tenants(directory).delegations(delegations).build();
            login.elevation(elevation);
        }
        Deprovisioner deprovisioner = stores.deprovisioner().elevation(elevation).build();
        login.accessSweeper(AccessSweeper.builder().elevation(elevation)
                .accounts(directory, stores.userStore(), deprovisioner).build());
        ConfigNode review = root.get("accessReview");
        if (review.present()) {
            review.allowOnly("reviewerRoles", "neverUsedAfter");
            List<String> reviewers = review.get("reviewerRoles").texts();
            AccessReview.Builder builder = stores.accessReview();
            review.get("neverUsedAfter").duration().ifPresent(builder::neverUsedAfter);
            login.accessReview(builder.build(), reviewers.isEmpty() ? new String[] {"admin"} : reviewers.toArray(String[]::new));
        }
        if (!scimEndpoints.isEmpty()) {
            ScimProvisioning.Builder scim = ScimProvisioning.builder().deprovisioner(deprovisioner)
                    .userStore(stores.userStore())
                    .preprovisioner(stores.preprovisioner().tenants(directory).schema(schema).build());
            scimEndpoints.forEach(e -> scim.tenant(e.tenantId(), e.issuer(), e.onDelete(),
                    e.tokens().toArray(String[]::new)));
            login.scim(scim.build());
        }
        return deprovisioner;
    }

    private void readIdentityProviders() {
        List<ConfigNode> entries = root.get("identityProviders").list();
        if (entries.isEmpty()) {
            root.problem("identityProviders", "must list at least one identity provider");
        }
        for (ConfigNode entry : entries) {
            entry.allowOnly("id", "saml", "oidc");
            String id = entry.get("id").requiredText();
            if (!id.isEmpty() && idps.containsKey(id)) {
                entry.problem("id", "[" + id + "] is used twice");
                continue;
            }
            boolean isSaml = entry.get("saml").present();
            if (isSaml == entry.get("oidc").present()) {
                entry.problem(null, "needs exactly one of saml and oidc");
                continue;
            }
            Optional<IdpRoute> route = isSaml
                    ? saml.identityProvider(entry.get("saml")).map(IdpRoute::saml)
                    : oidc.identityProvider(entry.get("oidc"), environment).map(IdpRoute::oidc);
            route.ifPresent(r -> idps.put(id, r));
        }
    }

    private List<Tenant> readTenants(DomainRegistry domains, JitLogin.Builder login) {
        List<Tenant> tenants = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<ConfigNode> entries = root.get("tenants").list();
        if (entries.isEmpty()) {
            root.problem("tenants", "must list at least one tenant");
        }
        for (ConfigNode entry : entries) {
            entry.allowOnly(ConfigTenant.fields("id", "domains", "identityProviders", "scim"));
            String id = entry.get("id").requiredText();
            if (id.isEmpty()) {
                continue;
            }
            if (!ids.add(id)) {
                entry.problem("id", "[" + id + "] is used twice");
                continue;
            }
            readTenant(entry, id, domains, login).ifPresent(tenants::add);
        }
        return tenants;
    }

    private Optional<Tenant> readTenant(ConfigNode entry, String id, DomainRegistry domains, JitLogin.Builder login) {
        Tenant.Builder tenant = Tenant.withId(id);
        readDomains(entry.get("domains"), id, domains);
        List<ConfigNode> refs = entry.get("identityProviders").list();
        if (refs.isEmpty()) {
            entry.problem("identityProviders", "must name at least one identity provider");
        }
        for (ConfigNode ref : refs) {
            ref.text().ifPresent(name -> {
                IdpRoute route = idps.get(name);
                if (route == null) {
                    ref.problem(null, "names no identity provider of this file: [" + name + "]");
                } else {
                    tenant.trustedIssuers(route.id());
                    login.route(id, route);
                }
            });
        }
        ConfigScim.read(entry.get("scim"), id, entry.get("identityProviders").texts(), idps, environment)
                .ifPresent(scimEndpoints::add);
        return ConfigTenant.read(entry, tenant, true);
    }

    /** The tenant's domains, declared verified by the operator. */
    private static void readDomains(ConfigNode list, String tenantId, DomainRegistry domains) {
        for (ConfigNode domain : list.list()) {
            domain.allowOnly("name", "includeSubdomains");
            String name = domain.isMapping() ? domain.get("name").requiredText()
                    : domain.text().orElse("");
            try {
                domains.markVerified(tenantId, name, domain.isMapping() && domain.get("includeSubdomains").bool(false));
            } catch (DomainClaimException e) {
                domain.problem(null, e.error().description());
            }
        }
    }

    /** A tenant's access-end and status attributes are kept even when the schema does not declare them. */
    private static AttributeSchema withTenantAttributes(AttributeSchema schema, List<Tenant> tenants) {
        AttributeSchema.Builder more = schema.toBuilder();
        boolean added = false;
        for (Tenant tenant : tenants) {
            for (String name : concat(tenant.accessEndAttribute(), tenant.statusAttribute())) {
                if (schema.definitions().stream().noneMatch(d -> d.name().equals(name))) {
                    more.attribute(AttributeDefinition.named(name).build());
                    added = true;
                }
            }
        }
        return added ? more.build() : schema;
    }

    private static List<String> concat(Optional<String> first, Optional<String> second) {
        List<String> names = new ArrayList<>();
        first.ifPresent(names::add);
        second.ifPresent(names::add);
        return names;
    }

    static AttributeSchema readSchema(ConfigNode schema) {
        if (!schema.present()) {
            return AttributeSchema.standard();
        }
        schema.allowOnly("maxAuthenticationAge", "attributes");
        AttributeSchema.Builder builder = AttributeSchema.standard().toBuilder();
        schema.get("maxAuthenticationAge").duration().ifPresent(builder::maxAuthenticationAge);
        Map<String, Boolean> seen = new HashMap<>();
        for (ConfigNode attribute : schema.get("attributes").list()) {
            attribute.allowOnly("name", "aliases", "type", "required", "multiValued", "pattern", "maxLength",
                    "allowedValues");
            String name = attribute.get("name").requiredText();
            if (name.isEmpty() || seen.put(name, true) != null) {
                continue;
            }
            try {
                AttributeDefinition.Builder definition = AttributeDefinition.named(name)
                        .aliases(attribute.get("aliases").texts().toArray(String[]::new))
                        .type(attribute.get("type").choice(AttributeType.class).orElse(AttributeType.STRING))
                        .allowedValues(attribute.get("allowedValues").texts().toArray(String[]::new));
                if (attribute.get("required").bool(false)) {
                    definition.required();
                }
                if (attribute.get("multiValued").bool(false)) {
                    definition.multiValued();
                }
                attribute.get("pattern").text().ifPresent(definition::pattern);
                attribute.get("maxLength").integer().ifPresent(definition::maxLength);
                builder.attribute(definition.build());
            } catch (IllegalArgumentException e) {
                attribute.problem(null, e.getMessage());
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            schema.problem(null, e.getMessage());
            return AttributeSchema.standard();
        }
    }

    private static void apply(ConfigNode node, Runnable setting) {
        try {
            setting.run();
        } catch (IllegalArgumentException e) {
            node.problem(null, e.getMessage());
        }
    }
}
