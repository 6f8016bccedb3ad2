package io.jitprov.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.registry.RegistryStore;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Every change to the registry, whoever makes it (the application's code, the back office, a
 * tenant's admin): checked, written, followed at once by this node, and recorded as an audit event
 * with the actor, the resource and the settings it altered, never their values.
 */
final class RegistryWrites {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Paths compared this deep: {@code roles.rules}, {@code saml.metadata}. */
    private static final int CHANGE_DEPTH = 2;
    /** Most connections one tenant has: every read of the tenant reads them all. */
    static final int MAX_CONNECTIONS = 20;
    /** Where a kept client secret is sent: none of these may change unless the secret is given again. */
    private static final List<String> SECRET_DESTINATIONS = List.of("issuer", "tokenEndpoint", "jwksUri",
            "userInfoEndpoint", "authorizationEndpoint", "clientId", "clientAuthentication");

    private final RegistryStore store;
    private final RegistryDocuments documents;
    private final SecretBox secrets;
    private final DomainRegistry domains;
    private final AuditSink audit;
    private final Clock clock;
    private final Runnable follow;

    RegistryWrites(RegistryStore store, RegistryDocuments documents, SecretBox secrets, DomainRegistry domains,
            AuditSink audit, Clock clock, Runnable follow) {
        this.store = store;
        this.documents = documents;
        this.secrets = secrets;
        this.domains = domains;
        this.audit = audit;
        this.clock = clock;
        this.follow = follow;
    }

    RegistryEntry createTenant(@Nullable AuditActor actor, String id, String document) {
        RegistryEntry.requireValidId(id);
        document = hashScimTokens(document);
        documents.checkTenant(id, document);
        RegistryEntry created = store.create(RegistryKind.TENANT, id, id, null, document, clock.instant());
        return written(actor, AuditAction.REGISTRY_CREATE, created, changes(null, document));
    }

    RegistryEntry updateTenant(@Nullable AuditActor actor, String id, long expectedVersion, String document) {
        document = hashScimTokens(document);
        documents.checkTenant(id, document);
        String before = store.find(RegistryKind.TENANT, id).map(RegistryEntry::document).orElse(null);
        RegistryEntry updated = store.update(RegistryKind.TENANT, id, expectedVersion, null, document, clock.instant());
        return written(actor, AuditAction.REGISTRY_UPDATE, updated, changes(before, document));
    }

    void deleteTenant(@Nullable AuditActor actor, String id, long expectedVersion) {
        if (!store.connectionsOf(id).isEmpty()) {
            throw new RegistryConflictException(JitErrorCodes.TENANT_NOT_EMPTY, "Tenant [" + id
                    + "] still has connections: delete them first");
        }
        store.delete(RegistryKind.TENANT, id, expectedVersion);
        follow.run();
        record(actor, AuditAction.REGISTRY_DELETE, AuditOutcome.DELETED, id, "tenant:" + id, List.of());
        for (DomainClaim claim : domains.claimsOf(id)) {
            releaseDomain(actor, id, claim.domain());
        }
    }

    RegistryEntry createConnection(@Nullable AuditActor actor, String tenantId, String id, String document) {
        RegistryEntry.requireValidId(id);
        String sealed = sealSecrets(id, document, null);
        String key = documents.checkConnection(id, sealed);
        if (store.find(RegistryKind.TENANT, tenantId).isEmpty()) {
            throw new RegistryConflictException(JitErrorCodes.ENTRY_NOT_FOUND, "TENANT [" + tenantId + "] does not exist");
        }
        if (store.connectionsOf(tenantId).size() >= MAX_CONNECTIONS) {
            throw new JitConfigurationException(List.of("A tenant has at most " + MAX_CONNECTIONS + " connections:"
                    + " delete one it no longer uses first"));
        }
        RegistryEntry created = store.create(RegistryKind.CONNECTION, id, tenantId, key, sealed, clock.instant());
        return written(actor, AuditAction.REGISTRY_CREATE, created, changes(null, sealed));
    }

    RegistryEntry updateConnection(@Nullable AuditActor actor, String id, long expectedVersion, String document) {
        Optional<RegistryEntry> before = store.find(RegistryKind.CONNECTION, id);
        String sealed = sealSecrets(id, document, before.map(RegistryEntry::document).orElse(null));
        String key = documents.checkConnection(id, sealed);
        RegistryEntry updated = store.update(RegistryKind.CONNECTION, id, expectedVersion, key, sealed, clock.instant());
        return written(actor, AuditAction.REGISTRY_UPDATE, updated,
                changes(before.map(RegistryEntry::document).orElse(null), sealed));
    }

    void deleteConnection(@Nullable AuditActor actor, String id, long expectedVersion) {
        String tenantId = store.find(RegistryKind.CONNECTION, id).map(RegistryEntry::tenantId).orElse(null);
        store.delete(RegistryKind.CONNECTION, id, expectedVersion);
        follow.run();
        record(actor, AuditAction.REGISTRY_DELETE, AuditOutcome.DELETED, tenantId, "connection:" + id, List.of());
    }

    DomainClaim claimDomain(@Nullable AuditActor actor, String tenantId, String domain, boolean includeSubdomains) {
        DomainClaim claim = domains.claim(tenantId, domain, includeSubdomains);
        record(actor, AuditAction.DOMAIN_CLAIM, AuditOutcome.PENDING, tenantId, "domain:" + claim.domain(), List.of());
        return claim;
    }

    DomainClaim verifyDomain(@Nullable AuditActor actor, String tenantId, String domain, boolean operatorsWord,
            boolean includeSubdomains) {
        DomainClaim claim = operatorsWord ? domains.markVerified(tenantId, domain, includeSubdomains)
                : domains.verifyByDns(tenantId, domain);
        record(actor, AuditAction.DOMAIN_VERIFY, AuditOutcome.UPDATED, tenantId, "domain:" + claim.domain(), List.of());
        return claim;
    }

    void releaseDomain(@Nullable AuditActor actor, String tenantId, String domain) {
        domains.release(tenantId, domain);
        record(actor, AuditAction.DOMAIN_RELEASE, AuditOutcome.DELETED, tenantId,
                "domain:" + domain.toLowerCase(Locale.ROOT), List.of());
    }

    private RegistryEntry written(@Nullable AuditActor actor, AuditAction action, RegistryEntry entry,
            List<String> changes) {
        follow.run(); // this node uses its own change from the next login on, not from the next poll
        record(actor, action, action == AuditAction.REGISTRY_CREATE ? AuditOutcome.CREATED : AuditOutcome.UPDATED,
                entry.tenantId(), entry.kind().name().toLowerCase(Locale.ROOT) + ":" + entry.id(), changes);
        return entry;
    }

    private void record(@Nullable AuditActor actor, AuditAction action, AuditOutcome outcome,
            @Nullable String tenantId, String resource, List<String> changes) {
        audit.record(AuditEvent.of(action, outcome, clock.instant()).tenantId(tenantId).actor(actor)
                .resource(resource).changes(changes).build());
    }

    /**
     * The document with an OpenID client secret given as text sealed for connection {@code id}; a
     * secret given as {@code {"set": true}} (what reading a connection shows) keeps the one stored.
     */
    private String sealSecrets(String id, String document, @Nullable String stored) {
        JsonNode tree;
        try {
            tree = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return document; // the check says what is wrong with it
        }
        JsonNode oidc = tree == null ? null : tree.get("oidc");
        if (!(oidc instanceof ObjectNode settings) || settings.get("clientSecret") == null) {
            return document;
        }
        JsonNode secret = settings.get("clientSecret");
        if (secret.isTextual()) {
            if (!secrets.canSeal()) {
                throw new JitConfigurationException(List.of("oidc.clientSecret: cannot be kept: the application"
                        + " configured no secret key for the registry"));
            }
            settings.putObject("clientSecret").put("sealed", secrets.seal(secret.asText(), id));
            return tree.toString();
        }
        if (secret.isObject() && secret.size() == 1 && secret.path("set").asBoolean(false)) {
            JsonNode kept = storedSecret(stored);
            if (kept != null && movesSecret(parse(stored).path("oidc"), settings)) {
                throw new JitConfigurationException(List.of("oidc.clientSecret: give the secret again: the issuer,"
                        + " client or an endpoint it is sent to changed"));
            }
            if (kept == null) {
                throw new JitConfigurationException(List.of("oidc.clientSecret: {\"set\": true} keeps the stored"
                        + " secret, but this connection has none: give the secret"));
            }
            settings.set("clientSecret", kept);
            return tree.toString();
        }
        return document;
    }

    /**
     * The document with its SCIM tokens given as text ({@code scim.token}, or text in
     * {@code scim.tokens}) kept as their SHA-256 only ({@code tokens: [{sha256: hex}]}).
     */
    static String hashScimTokens(String document) {
        JsonNode tree;
        try {
            tree = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return document; // the check says what is wrong with it
        }
        if (tree == null || !(tree.get("scim") instanceof ObjectNode scim)) {
            return document;
        }
        List<JsonNode> given = new ArrayList<>();
        if (scim.get("token") != null) {
            given.add(scim.remove("token"));
        }
        if (scim.get("tokens") != null && scim.get("tokens").isArray()) {
            scim.get("tokens").forEach(given::add);
        } else if (scim.get("tokens") != null) {
            return document;
        }
        com.fasterxml.jackson.databind.node.ArrayNode kept = scim.putArray("tokens");
        for (JsonNode token : given) {
            if (token.isTextual()) {
                if (token.asText().length() < io.jitprov.servlet.ScimProvisioning.MIN_TOKEN_LENGTH) {
                    throw new JitConfigurationException(List.of("scim.tokens: a token has at least "
                            + io.jitprov.servlet.ScimProvisioning.MIN_TOKEN_LENGTH
                            + " characters; make one with: openssl rand -base64 32"));
                }
                kept.addObject().put("sha256", Sha256.hex(token.asText()));
            } else {
                kept.add(token);
            }
        }
        return tree.toString();
    }

    /** Whether the stored secret would now be sent somewhere, or for a client, it was not written for. */
    private static boolean movesSecret(JsonNode before, JsonNode after) {
        return SECRET_DESTINATIONS.stream().anyMatch(field -> !before.path(field).equals(after.path(field)));
    }

    private static JsonNode parse(@Nullable String document) {
        try {
            return document == null ? JSON.createObjectNode() : JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static @Nullable JsonNode storedSecret(@Nullable String stored) {
        if (stored == null) {
            return null;
        }
        try {
            JsonNode secret = JSON.readTree(stored).path("oidc").path("clientSecret");
            return secret.isObject() ? secret : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The settings whose values differ between two documents, by path, to {@value #CHANGE_DEPTH} levels. */
    static List<String> changes(@Nullable String before, String after) {
        try {
            JsonNode old = before == null ? JSON.createObjectNode() : JSON.readTree(before);
            TreeSet<String> paths = new TreeSet<>();
            diff("", old, JSON.readTree(after), 1, paths);
            return new ArrayList<>(paths);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static void diff(String path, @Nullable JsonNode before, @Nullable JsonNode after, int depth,
            TreeSet<String> paths) {
        if (before != null && before.equals(after)) {
            return;
        }
        boolean objects = before != null && before.isObject() && after != null && after.isObject();
        if (depth > CHANGE_DEPTH || (!objects && !path.isEmpty())) {
            paths.add(path);
            return;
        }
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode node : new JsonNode[] {before, after}) {
            if (node != null && node.isObject()) {
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
            }
        }
        for (String name : names) {
            diff(path.isEmpty() ? name : path + "." + name, before == null ? null : before.get(name),
                    after == null ? null : after.get(name), depth + 1, paths);
        }
    }
}
