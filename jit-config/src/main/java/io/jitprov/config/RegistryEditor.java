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
import io.jitprov.core.registry.ConnectionEvent;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.registry.RegistryStore;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Changes to a {@link JitRegistry}, made by one actor ({@link JitRegistry#actingAs}): the back
 * office, a tenant's admin, whoever holds a setup link, or the application's own code. Each change
 * is checked, written, used by this node from the next login on, and recorded as an audit event
 * with the actor, the resource and the settings it altered, never their values.
 *
 * @since 0.1
 */
public final class RegistryEditor {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Paths compared this deep: {@code roles.rules}, {@code saml.metadata}. */
    private static final int CHANGE_DEPTH = 2;
    /** Most connections one tenant has: every read of the tenant reads them all. */
    static final int MAX_CONNECTIONS = 20;
    /** Most domains one tenant claims, pending or verified: each is a row, an audit event and a line on a page. */
    static final int MAX_DOMAINS = 50;
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
    private final ConnectionEvents events;
    private final @Nullable AuditActor actor;

    RegistryEditor(RegistryStore store, RegistryDocuments documents, SecretBox secrets, DomainRegistry domains,
            AuditSink audit, Clock clock, Runnable follow, ConnectionEvents events, @Nullable AuditActor actor) {
        this.store = store;
        this.documents = documents;
        this.secrets = secrets;
        this.domains = domains;
        this.audit = audit;
        this.clock = clock;
        this.follow = follow;
        this.events = events;
        this.actor = actor;
    }

    RegistryEditor actingAs(AuditActor who) {
        return new RegistryEditor(store, documents, secrets, domains, audit, clock, follow, events,
                Objects.requireNonNull(who, "actor cannot be null"));
    }

    /**
     * Adds a tenant, with no connections and no domains yet.
     *
     * @param document the tenant's policy as JSON, in the model of the file's {@code tenants[i]}
     * @throws JitConfigurationException listing every problem of the document
     * @throws RegistryConflictException {@code entry_exists}
     */
    public RegistryEntry createTenant(String id, String document) {
        RegistryEntry.requireValidId(id);
        document = hashScimTokens(document);
        documents.checkTenant(id, document);
        RegistryEntry created = store.create(RegistryKind.TENANT, id, id, null, document, clock.instant());
        return written(AuditAction.REGISTRY_CREATE, created, changes(null, document));
    }

    /**
     * Replaces a tenant's policy.
     *
     * @throws JitConfigurationException listing every problem of the document
     * @throws RegistryConflictException {@code version_mismatch} when it changed since
     *     {@code expectedVersion} was read, {@code entry_not_found}
     */
    public RegistryEntry updateTenant(String id, long expectedVersion, String document) {
        document = hashScimTokens(document);
        documents.checkTenant(id, document);
        String before = store.find(RegistryKind.TENANT, id).map(RegistryEntry::document).orElse(null);
        RegistryEntry updated = store.update(RegistryKind.TENANT, id, expectedVersion, null, document, clock.instant());
        return written(AuditAction.REGISTRY_UPDATE, updated, changes(before, document));
    }

    /**
     * Removes a tenant that has no connections left, its setup links, and lets go of its domains.
     *
     * @throws RegistryConflictException {@code tenant_not_empty}, {@code version_mismatch},
     *     {@code entry_not_found}
     */
    public void deleteTenant(String id, long expectedVersion) {
        if (!store.connectionsOf(id).isEmpty()) {
            throw new RegistryConflictException(JitErrorCodes.TENANT_NOT_EMPTY, "Tenant [" + id
                    + "] still has connections: delete them first");
        }
        store.delete(RegistryKind.TENANT, id, expectedVersion);
        for (RegistryEntry link : store.ofTenant(RegistryKind.SETUP_LINK, id)) {
            revokeSetupLink(link.id());
        }
        follow.run();
        record(AuditAction.REGISTRY_DELETE, AuditOutcome.DELETED, id, "tenant:" + id, List.of());
        for (DomainClaim claim : domains.claimsOf(id)) {
            releaseDomain(id, claim.domain());
        }
    }

    /**
     * Adds a connection to a tenant. An OpenID client secret given as text
     * ({@code "clientSecret": "..."}) is sealed with the application's key before it is stored. A
     * connection written with {@code "active": false} is a draft: it holds no IdP and takes no
     * logins until {@link #activateConnection}.
     *
     * @param document as JSON, in the model of the file's {@code identityProviders[i]}
     * @throws JitConfigurationException listing every problem of the document
     * @throws RegistryConflictException {@code entry_not_found} for an unknown tenant,
     *     {@code entry_exists} when the id or the IdP is taken
     */
    public RegistryEntry createConnection(String tenantId, String id, String document) {
        RegistryEntry.requireValidId(id);
        String sealed = sealSecrets(id, document, null);
        String key = documents.checkConnection(id, sealed);
        requireTenant(tenantId);
        if (store.connectionsOf(tenantId).size() >= MAX_CONNECTIONS) {
            throw new JitConfigurationException(List.of("A tenant has at most " + MAX_CONNECTIONS + " connections:"
                    + " delete one it no longer uses first"));
        }
        RegistryEntry created = store.create(RegistryKind.CONNECTION, id, tenantId, key, sealed, clock.instant());
        return written(AuditAction.REGISTRY_CREATE, created, changes(null, sealed));
    }

    /**
     * Replaces a connection's settings (its tenant stays). A client secret given as
     * {@code {"set": true}}, as reading the connection shows it, keeps the stored one.
     *
     * @throws JitConfigurationException listing every problem of the document
     * @throws RegistryConflictException {@code version_mismatch}, {@code entry_not_found},
     *     {@code entry_exists} when another connection has the IdP
     */
    public RegistryEntry updateConnection(String id, long expectedVersion, String document) {
        Optional<RegistryEntry> before = store.find(RegistryKind.CONNECTION, id);
        String sealed = sealSecrets(id, document, before.map(RegistryEntry::document).orElse(null));
        String key = documents.checkConnection(id, sealed);
        RegistryEntry updated = store.update(RegistryKind.CONNECTION, id, expectedVersion, key, sealed, clock.instant());
        written(AuditAction.REGISTRY_UPDATE, updated, changes(before.map(RegistryEntry::document).orElse(null), sealed));
        events.connection(ConnectionEvent.Type.CONNECTION_CHANGED, updated);
        return updated;
    }

    /**
     * Removes a connection: its IdP's logins are refused from the next one on.
     *
     * @throws RegistryConflictException {@code version_mismatch}, {@code entry_not_found}
     */
    public void deleteConnection(String id, long expectedVersion) {
        Optional<RegistryEntry> deleted = store.find(RegistryKind.CONNECTION, id);
        String tenantId = deleted.map(RegistryEntry::tenantId).orElse(null);
        store.delete(RegistryKind.CONNECTION, id, expectedVersion);
        follow.run();
        deleted.ifPresent(entry -> events.connection(ConnectionEvent.Type.CONNECTION_DELETED, entry));
        record(AuditAction.REGISTRY_DELETE, AuditOutcome.DELETED, tenantId, "connection:" + id, List.of());
    }

    /**
     * Switches a draft connection ({@code "active": false}) on: from now its IdP's logins are
     * taken. An active connection stays as it is.
     *
     * @throws RegistryConflictException {@code entry_exists} when another connection has the IdP
     *     now, {@code version_mismatch}, {@code entry_not_found}
     */
    public RegistryEntry activateConnection(String id, long expectedVersion) {
        RegistryEntry draft = store.find(RegistryKind.CONNECTION, id).orElseThrow(() ->
                new RegistryConflictException(JitErrorCodes.ENTRY_NOT_FOUND, "CONNECTION [" + id + "] does not exist"));
        ObjectNode document = (ObjectNode) parse(draft.document());
        document.remove("active");
        String key = documents.checkConnection(id, document.toString());
        RegistryEntry active = store.update(RegistryKind.CONNECTION, id, expectedVersion, key, document.toString(),
                clock.instant());
        follow.run();
        record(AuditAction.CONNECTION_ACTIVATE, AuditOutcome.UPDATED, active.tenantId(), "connection:" + id,
                List.of("active"));
        events.connection(ConnectionEvent.Type.CONNECTION_ACTIVATED, active);
        return active;
    }

    /**
     * Issues a setup link for {@code tenantId}, valid for {@code validFor} (at most 30 days). The
     * returned link carries its token, which is not kept: give it to the tenant's IT admin now.
     *
     * @throws RegistryConflictException {@code entry_not_found} for an unknown tenant
     * @throws IllegalArgumentException for a validity that is not between a second and 30 days, or
     *     when the tenant holds 20 links already (revoke some)
     */
    public SetupLink issueSetupLink(String tenantId, Duration validFor) {
        requireTenant(tenantId);
        if (store.ofTenant(RegistryKind.SETUP_LINK, tenantId).size() >= SetupLinks.MAX_PER_TENANT) {
            throw new IllegalArgumentException("Tenant [" + tenantId + "] holds " + SetupLinks.MAX_PER_TENANT
                    + " setup links already: revoke those no longer needed first");
        }
        SetupLinks.Issued issued = SetupLinks.issue(tenantId, validFor, clock.instant());
        store.create(RegistryKind.SETUP_LINK, issued.id(), tenantId, null, issued.document(), clock.instant());
        record(AuditAction.SETUP_LINK_ISSUE, AuditOutcome.CREATED, tenantId, "setup_link:" + issued.id(), List.of());
        return issued.link();
    }

    /**
     * Revokes a setup link: it opens nothing from now on, on every node, and pages opened with it stop working.
     *
     * @throws RegistryConflictException {@code entry_not_found}
     */
    public void revokeSetupLink(String id) {
        RegistryEntry link = store.find(RegistryKind.SETUP_LINK, id).orElseThrow(() ->
                new RegistryConflictException(JitErrorCodes.ENTRY_NOT_FOUND, "SETUP_LINK [" + id + "] does not exist"));
        store.delete(RegistryKind.SETUP_LINK, id, link.version());
        record(AuditAction.SETUP_LINK_REVOKE, AuditOutcome.DELETED, link.tenantId(), "setup_link:" + id, List.of());
    }

    private void requireTenant(String tenantId) {
        if (store.find(RegistryKind.TENANT, tenantId).isEmpty()) {
            throw new RegistryConflictException(JitErrorCodes.ENTRY_NOT_FOUND, "TENANT [" + tenantId + "] does not exist");
        }
    }

    /**
     * Records {@code tenantId}'s pending claim on {@code domain}; the claim says which DNS TXT
     * record proves it ({@link #verifyDomainByDns}).
     *
     * @throws io.jitprov.core.tenant.DomainClaimException {@code domain_invalid},
     *     {@code domain_not_allowed} (a consumer mail domain), {@code domain_already_claimed}
     * @throws IllegalArgumentException when the tenant claims 50 domains already
     */
    public DomainClaim claimDomain(String tenantId, String domain, boolean includeSubdomains) {
        if (domains.claimsOf(tenantId).size() >= MAX_DOMAINS) {
            throw new IllegalArgumentException("A tenant claims at most " + MAX_DOMAINS + " domains: release one it"
                    + " no longer uses first");
        }
        DomainClaim claim = domains.claim(tenantId, domain, includeSubdomains);
        record(AuditAction.DOMAIN_CLAIM, AuditOutcome.PENDING, tenantId, "domain:" + claim.domain(), List.of());
        return claim;
    }

    /**
     * Proves {@code tenantId}'s pending claim by its DNS TXT record.
     *
     * @throws io.jitprov.core.tenant.DomainClaimException {@code domain_proof_not_found},
     *     {@code domain_not_claimed}, {@code domain_already_claimed}
     */
    public DomainClaim verifyDomainByDns(String tenantId, String domain) {
        return verified(domains.verifyByDns(tenantId, domain));
    }

    /**
     * Verifies {@code domain} for {@code tenantId} on the application's word (it checked out of band).
     *
     * @throws io.jitprov.core.tenant.DomainClaimException {@code domain_invalid},
     *     {@code domain_not_allowed}, {@code domain_already_claimed}
     */
    public DomainClaim markDomainVerified(String tenantId, String domain, boolean includeSubdomains) {
        return verified(domains.markVerified(tenantId, domain, includeSubdomains));
    }

    private DomainClaim verified(DomainClaim claim) {
        record(AuditAction.DOMAIN_VERIFY, AuditOutcome.UPDATED, claim.tenantId(), "domain:" + claim.domain(), List.of());
        events.domain(ConnectionEvent.Type.DOMAIN_VERIFIED, claim.tenantId(), claim.domain());
        return claim;
    }

    /** Withdraws {@code tenantId}'s claim on {@code domain}, verified or not. */
    public void releaseDomain(String tenantId, String domain) {
        domains.release(tenantId, domain);
        record(AuditAction.DOMAIN_RELEASE, AuditOutcome.DELETED, tenantId,
                "domain:" + domain.toLowerCase(Locale.ROOT), List.of());
    }

    private RegistryEntry written(AuditAction action, RegistryEntry entry, List<String> changes) {
        follow.run(); // this node uses its own change from the next login on, not from the next poll
        record(action, action == AuditAction.REGISTRY_CREATE ? AuditOutcome.CREATED : AuditOutcome.UPDATED,
                entry.tenantId(), entry.kind().name().toLowerCase(Locale.ROOT) + ":" + entry.id(), changes);
        return entry;
    }

    private void record(AuditAction action, AuditOutcome outcome, @Nullable String tenantId, String resource,
            List<String> changes) {
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
