package io.jitprov.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.saml.SamlMetadataResolver;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.ScimProvisioning;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The registry's documents in the configuration file's model: a tenant is a file's
 * {@code tenants[i]} without {@code id}, {@code domains} (claimed and verified through the registry)
 * and {@code identityProviders} (its connections), its {@code scim} tokens kept as their SHA-256;
 * a connection is a file's
 * {@code identityProviders[i]} without {@code id}, and without what would read this server's files
 * or environment ({@code metadataFile}, {@code signedBy}, {@code {env}}/{@code {file}} secrets).
 * The same code reads both, so a document is checked exactly as the file is.
 */
final class RegistryDocuments {

    /** A connection's key: {@code saml <entityID>} or {@code oidc <issuer>}. */
    static final String SAML_KEY = "saml ";
    static final String OIDC_KEY = "oidc ";
    /** Largest document the registry keeps: a SAML metadata document with many keys fits. */
    static final int MAX_DOCUMENT_CHARS = 256 * 1024;

    private static final Path NO_FILES = Path.of("registry-documents-read-no-files");

    private final AttributeSchema schema;
    private final OutboundPolicy policy;
    private final HttpClient http;
    private final SecretBox secrets;
    private final Clock clock;
    private final RefreshListener listener;

    RegistryDocuments(AttributeSchema schema, OutboundPolicy policy, HttpClient http, SecretBox secrets, Clock clock,
            RefreshListener listener) {
        this.schema = schema;
        this.policy = policy;
        this.http = http;
        this.secrets = secrets;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * A tenant as logins use it: its policy, how its people sign in (its connections, in id
     * order), and its SCIM endpoint, if it has one.
     */
    record LiveTenant(Tenant tenant, List<IdpRoute> routes, Optional<ScimProvisioning.Endpoint> scim) { }

    /** A connection as logins use it: the IdP it reads lazily, under its key. */
    record LiveConnection(String key, @Nullable SamlMetadataResolver saml, @Nullable OidcProviders oidc) { }

    /**
     * What a stored tenant means to logins. A rule above a lowered ceiling is kept and clipped at login.
     *
     * @throws IllegalArgumentException when the document is not a valid tenant (it is then absent on this node)
     */
    LiveTenant tenant(RegistryEntry entry, List<RegistryEntry> connections) {
        List<String> problems = new ArrayList<>();
        List<IdpRoute> routes = new ArrayList<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (RegistryEntry connection : connections) {
            route(connection.key()).ifPresent(routes::add);
            if (connection.key() != null) {
                keys.put(connection.id(), connection.key());
            }
        }
        ConfigNode root = root(entry.document(), problems);
        Optional<Tenant> tenant = readTenant(root, entry.id(), routes, false);
        Optional<ScimProvisioning.Endpoint> scim = problems.isEmpty()
                ? ConfigScim.readStored(root.get("scim"), keys) : Optional.empty();
        if (!problems.isEmpty() || tenant.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new LiveTenant(tenant.get(), List.copyOf(routes), scim);
    }

    /**
     * What a stored connection means to logins; nothing is fetched yet.
     *
     * @throws IllegalArgumentException when the document is not a valid connection
     */
    LiveConnection connection(RegistryEntry entry) {
        List<String> problems = new ArrayList<>();
        Optional<LiveConnection> connection = readConnection(root(entry.document(), problems), entry.id());
        if (!problems.isEmpty() || connection.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return connection.get();
    }

    /**
     * Checks a tenant document someone wants to write.
     *
     * @throws JitConfigurationException listing every problem, by path
     */
    void checkTenant(String id, String document) {
        List<String> problems = new ArrayList<>();
        ConfigNode root = root(document, problems);
        Optional<Tenant> tenant = problems.isEmpty() ? readTenant(root, id, List.of(), true) : Optional.empty();
        if (problems.isEmpty()) {
            ConfigScim.readStored(root.get("scim"), Map.of()); // its shape; the connection it names is read at login
        }
        refuseUnless(tenant.isPresent(), problems, "The tenant is not valid");
    }

    /**
     * Checks a connection document someone wants to write; returns the key it will be found by, or
     * null for a draft ({@code "active": false}), which no login finds.
     *
     * @throws JitConfigurationException listing every problem, by path
     */
    @Nullable String checkConnection(String id, String document) {
        List<String> problems = new ArrayList<>();
        ConfigNode root = root(document, problems);
        Optional<LiveConnection> connection = problems.isEmpty() ? readConnection(root, id) : Optional.empty();
        if (problems.isEmpty()) {
            checkAddresses(root);
        }
        refuseUnless(connection.isPresent(), problems, "The connection is not valid");
        return root.get("active").bool(true) ? connection.orElseThrow().key() : null;
    }

    /**
     * Refuses, when written, a URL this server would fetch that names or resolves to an address the
     * outbound policy refuses; the policy checks again at every fetch (DNS may change meanwhile).
     */
    private void checkAddresses(ConfigNode root) {
        List<ConfigNode> fetched = List.of(root.get("saml").get("metadataUrl"), root.get("oidc").get("issuer"),
                root.get("oidc").get("jwksUri"), root.get("oidc").get("tokenEndpoint"),
                root.get("oidc").get("userInfoEndpoint"));
        for (ConfigNode url : fetched) {
            url.text().flatMap(this::refusal).ifPresent(why -> url.problem(null, why));
        }
    }

    private Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && policy.httpAllowed())) {
            return Optional.of("must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("must name a host, and no user or password");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.empty(); // not resolvable now; every fetch is checked
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = policy.refusal(address);
            if (refused.isPresent()) {
                return Optional.of("points at an address this server does not fetch from (" + refused.get() + ")");
            }
        }
        return Optional.empty();
    }

    private static void refuseUnless(boolean read, List<String> problems, String otherwise) {
        if (!problems.isEmpty() || !read) {
            throw new JitConfigurationException(problems.isEmpty() ? List.of(otherwise) : problems);
        }
    }

    private Optional<Tenant> readTenant(ConfigNode root, String id, List<IdpRoute> routes, boolean writing) {
        refuseHere(root, "domains", "are claimed and verified through the registry's domains, not in the tenant");
        refuseHere(root, "identityProviders", "are the tenant's connections, each written on its own");
        refuseHere(root, "id", "is the tenant's id in the registry, not part of its document");
        root.allowOnly(ConfigTenant.fields("domains", "identityProviders", "scim", "id"));
        Tenant.Builder tenant = Tenant.withId(id);
        routes.forEach(route -> tenant.trustedIssuers(route.id()));
        Optional<Tenant> read = ConfigTenant.read(root, tenant, writing);
        read.ifPresent(t -> requireDeclared(root, t));
        return read;
    }

    /** A tenant's access-end and status attributes must be in the application's schema, or logins drop them. */
    private void requireDeclared(ConfigNode root, Tenant tenant) {
        List<String> declared = schema.definitions().stream().map(d -> d.name()).toList();
        tenant.accessEndAttribute().filter(name -> !declared.contains(name)).ifPresent(name -> root.problem(
                "accessEndAttribute", "names [" + name + "], which the application's attribute schema does not declare"));
        tenant.statusAttribute().filter(name -> !declared.contains(name)).ifPresent(name -> root.problem(
                "statusAttribute", "names [" + name + "], which the application's attribute schema does not declare"));
    }

    private Optional<LiveConnection> readConnection(ConfigNode root, String id) {
        refuseHere(root, "id", "is the connection's id in the registry, not part of its document");
        root.allowOnly("saml", "oidc", "id", "active");
        root.get("active").bool(true);
        boolean isSaml = root.get("saml").present();
        if (isSaml == root.get("oidc").present()) {
            root.problem(null, "needs exactly one of saml and oidc");
            return Optional.empty();
        }
        if (isSaml) {
            ConfigSaml saml = new ConfigSaml(policy, http, listener);
            return saml.identityProvider(root.get("saml"))
                    .map(entityId -> new LiveConnection(SAML_KEY + entityId, saml.only(), null));
        }
        ConfigOidc oidc = new ConfigOidc(policy, http, listener);
        return oidc.identityProviderWithSecrets(root.get("oidc"), secret -> sealed(secret, id))
                .map(issuer -> new LiveConnection(OIDC_KEY + issuer, null, oidc.providers(clock)));
    }

    /** A client secret as the registry keeps it: {@code {sealed: ...}}, sealed for this connection. */
    private Optional<String> sealed(ConfigNode secret, String connectionId) {
        if (!secret.present()) {
            return Optional.empty();
        }
        Optional<String> sealed = secret.isMapping() ? secret.get("sealed").text() : Optional.empty();
        if (secret.isMapping()) {
            secret.allowOnly("sealed");
        }
        if (sealed.isEmpty()) {
            secret.problem(null, "must be sealed by the registry ({sealed: ...}); give the secret to the admin API");
            return Optional.empty();
        }
        Optional<String> opened = secrets.open(sealed.get(), connectionId);
        if (opened.isEmpty()) {
            secret.problem("sealed", "cannot be opened with this application's secret keys");
        }
        return opened;
    }

    static Optional<IdpRoute> route(@Nullable String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.startsWith(SAML_KEY)) {
            return Optional.of(IdpRoute.saml(key.substring(SAML_KEY.length())));
        }
        if (key.startsWith(OIDC_KEY)) {
            return Optional.of(IdpRoute.oidc(key.substring(OIDC_KEY.length())));
        }
        return Optional.empty();
    }

    private static void refuseHere(ConfigNode root, String field, String why) {
        if (root.get(field).present()) {
            root.problem(field, why);
        }
    }

    /**
     * Text no database keeps as it is: a NUL (PostgreSQL refuses it) or half of a surrogate pair
     * (written as a question mark); refused by path rather than stored changed or failing later.
     */
    private static void unstorable(String path, JsonNode node, List<String> problems) {
        if (node.isTextual() && !storable(node.asText())) {
            problems.add((path.isEmpty() ? "" : path + ": ") + "holds a NUL or half of a UTF-16 surrogate pair");
        }
        node.fields().forEachRemaining(field -> {
            if (!storable(field.getKey())) {
                problems.add((path.isEmpty() ? "" : path + ": ") + "has a setting name with a NUL or half a surrogate pair");
                return;
            }
            unstorable(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), problems);
        });
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            unstorable(path + "[" + i + "]", node.get(i), problems);
        }
    }

    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The document's tree; a document that is not one JSON object is a problem. */
    private static ConfigNode root(String document, List<String> problems) {
        JsonNode tree = null;
        if (document.length() > MAX_DOCUMENT_CHARS) {
            problems.add("The document has " + document.length() + " characters; at most " + MAX_DOCUMENT_CHARS
                    + " are kept");
        } else {
            try {
                tree = ConfigTree.read(document, true, problems);
            } catch (JsonProcessingException e) {
                problems.add("The document is not valid JSON: " + e.getOriginalMessage());
            } catch (ConfigTree.TooLarge e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add("The document cannot be read: " + e.getMessage());
            }
        }
        if (problems.isEmpty() && (tree == null || !tree.isObject())) {
            problems.add("The document must be a JSON object of settings");
        } else if (problems.isEmpty()) {
            unstorable("", tree, problems);
        }
        return new ConfigNode(tree, "", problems, NO_FILES);
    }
}
