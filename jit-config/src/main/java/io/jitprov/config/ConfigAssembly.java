package io.jitprov.config;

import io.jitprov.core.IdentityKind;
import io.jitprov.core.attributes.AttributeDefinition;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.attributes.AttributeType;
import io.jitprov.core.delegation.Delegations;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.provisioning.AccessSweeper;
import io.jitprov.core.provisioning.Deprovisioner;
import io.jitprov.core.review.AccessReview;
import io.jitprov.core.tenant.AttributeSync;
import io.jitprov.core.tenant.DomainClaimException;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.LinkPolicy;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.SyncMode;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.ScimProvisioning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/** Builds a {@link JitLogin} from a configuration tree, reporting problems by path as it goes. */
final class ConfigAssembly {

    private final ConfigNode root;
    private final Function<String, @Nullable String> environment;
    private final ConfigSaml saml = new ConfigSaml();
    private final ConfigOidc oidc = new ConfigOidc();
    /** Identity provider id → how to reach it. */
    private final Map<String, IdpRoute> idps = new LinkedHashMap<>();
    private final List<ConfigScim.Endpoint> scimEndpoints = new ArrayList<>();

    ConfigAssembly(ConfigNode root, Function<String, @Nullable String> environment) {
        this.root = root;
        this.environment = environment;
    }

    JitLogin.Builder assemble() {
        root.allowOnly("baseUrl", "basePath", "postLoginPath", "protectedPaths", "store", "saml",
                "identityProviders", "tenants", "schema", "accessReview");
        JitLogin.Builder login = JitLogin.builder();
        String baseUrl = root.get("baseUrl").requiredText();
        if (!baseUrl.isEmpty() && !baseUrl.matches("https?://[^/?#]+")) {
            root.problem("baseUrl", "must be an origin such as https://app.example (no path), not [" + baseUrl + "]");
        }
        String basePath = root.get("basePath").text().orElse("/sso");
        apply(root.get("basePath"), () -> login.basePath(basePath));
        root.get("postLoginPath").text().ifPresent(path -> apply(root.get("postLoginPath"), () -> login.postLoginPath(path)));
        login.protectedPaths(root.get("protectedPaths").texts().toArray(String[]::new));

        readIdentityProviders();
        ConfigStore store = ConfigStore.read(root.get("store"), environment);
        DomainRegistry domains = DomainRegistry.builder().build();
        List<Tenant> tenants = readTenants(domains, login);
        AttributeSchema schema = withTenantAttributes(readSchema(root.get("schema")), tenants);
        if (root.problemCount() > 0) {
            return refused(login, store);
        }
        TenantDirectory directory = TenantDirectory.of(tenants);
        JitStores stores = store.stores();
        login.baseUrl(baseUrl).domains(domains).stores(stores);
        Deprovisioner deprovisioner = lifecycle(login, stores, directory, tenants, schema);
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

    /** The file is refused: nothing will use the store's pool, so it is closed now. */
    private static JitLogin.Builder refused(JitLogin.Builder login, ConfigStore store) {
        if (store.dataSource() != null) {
            store.dataSource().close();
        }
        return login;
    }

    /** Elevation, delegations, the sweeper, the access review and SCIM, on the store; returns the deprovisioner. */
    private Deprovisioner lifecycle(JitLogin.Builder login, JitStores stores, TenantDirectory directory,
            List<Tenant> tenants, AttributeSchema schema) {
        Delegations delegations = stores.delegations().build();
        login.delegations(delegations);
        Elevation elevation = null;
        if (tenants.stream().anyMatch(t -> !t.elevationRules().isEmpty())) {
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
            entry.allowOnly("id", "domains", "identityProviders", "jit", "requiredGroups", "allowedKinds", "seatLimit",
                    "linkPolicy", "syncMode", "roles", "elevation", "inactivityLimit", "accessEndAttribute", "statusAttribute", "scim", "attributeSync");
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
        tenant.jitEnabled(entry.get("jit").bool(true));
        tenant.requireAnyGroup(entry.get("requiredGroups").texts().toArray(String[]::new));
        List<IdentityKind> kinds = new ArrayList<>();
        entry.get("allowedKinds").list().forEach(kind -> kind.choice(IdentityKind.class).ifPresent(kinds::add));
        if (!kinds.isEmpty()) {
            tenant.allowedKinds(kinds.toArray(IdentityKind[]::new));
        }
        entry.get("seatLimit").integer().ifPresent(tenant::seatLimit);
        entry.get("linkPolicy").choice(LinkPolicy.class).ifPresent(tenant::linkPolicy);
        entry.get("syncMode").choice(SyncMode.class).ifPresent(tenant::syncMode);
        entry.get("attributeSync").fields().forEach((name, sync) ->
                sync.choice(AttributeSync.class).ifPresent(mode -> tenant.attributeSync(name, mode)));
        readRoles(entry.get("roles")).ifPresent(tenant::roleMapping);
        tenant.elevation(ConfigElevation.rules(entry.get("elevation")).toArray(ElevationRule[]::new));
        readAccessEnds(entry, tenant);
        try {
            return Optional.of(tenant.build());
        } catch (IllegalArgumentException e) {
            entry.problem(null, e.getMessage());
            return Optional.empty();
        }
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

    /** {@code inactivityLimit}, {@code accessEndAttribute} and {@code statusAttribute}: when access ends. */
    private static void readAccessEnds(ConfigNode entry, Tenant.Builder tenant) {
        entry.get("inactivityLimit").duration().ifPresent(tenant::inactivityLimit);
        entry.get("accessEndAttribute").text().ifPresent(tenant::accessEndAttribute);
        ConfigNode status = entry.get("statusAttribute");
        if (!status.present()) {
            return;
        }
        status.allowOnly("name", "activeValues");
        String name = status.get("name").requiredText();
        List<String> active = status.get("activeValues").texts();
        if (active.isEmpty()) {
            status.problem("activeValues", "must list the values that mean active, e.g. [ACTIVE]");
        } else if (!name.isEmpty()) {
            tenant.statusAttribute(name, active.toArray(String[]::new));
        }
    }

    private static Optional<RoleMapping> readRoles(ConfigNode roles) {
        if (!roles.present()) {
            return Optional.empty();
        }
        roles.allowOnly("rules", "defaultRoles", "allowedRoles", "humanOnlyRoles");
        RoleMapping.Builder mapping = RoleMapping.builder();
        for (ConfigNode rule : roles.get("rules").list()) {
            rule.allowOnly("group", "prefix", "regex", "role");
            String role = rule.get("role").requiredText();
            Optional<String> group = rule.get("group").text();
            Optional<String> prefix = rule.get("prefix").text();
            Optional<String> regex = rule.get("regex").text();
            if ((group.isPresent() ? 1 : 0) + (prefix.isPresent() ? 1 : 0) + (regex.isPresent() ? 1 : 0) != 1) {
                rule.problem(null, "needs exactly one of group, prefix and regex");
                continue;
            }
            try {
                mapping.rule(group.map(g -> RoleRule.exact(g, role)).or(() -> prefix.map(p -> RoleRule.prefix(p, role)))
                        .orElseGet(() -> RoleRule.regex(regex.orElseThrow(), role)));
            } catch (PatternSyntaxException e) {
                rule.problem("regex", "is not a valid regular expression: " + e.getDescription());
            } catch (IllegalArgumentException e) {
                rule.problem(null, e.getMessage());
            }
        }
        mapping.defaultRoles(roles.get("defaultRoles").texts().toArray(String[]::new));
        List<String> allowed = roles.get("allowedRoles").texts();
        if (!allowed.isEmpty()) {
            mapping.allowedRoles(allowed.toArray(String[]::new));
        }
        mapping.humanOnlyRoles(roles.get("humanOnlyRoles").texts().toArray(String[]::new));
        RoleMapping built = mapping.build();
        // Whoever writes a mapping hears of a role it can never give; a stored one only warns (RoleMapping).
        for (String role : built.rolesAboveCeiling()) {
            roles.problem(null, "Role [" + role + "] is mapped but not in allowedRoles " + built.allowedRoles());
        }
        return built.rolesAboveCeiling().isEmpty() ? Optional.of(built) : Optional.empty();
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

    private static AttributeSchema readSchema(ConfigNode schema) {
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
