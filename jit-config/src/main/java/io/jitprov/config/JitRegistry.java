package io.jitprov.config;

import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.memory.InMemoryRegistryStore;
import io.jitprov.core.registry.ConnectionEventListener;
import io.jitprov.core.registry.RegistryCache;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.registry.RegistryStore;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.ScimProvisioning;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Tenants and IdP connections as runtime data: kept in a {@link RegistryStore} (the database for
 * several nodes), changed through this class's methods, and read by logins through the views it
 * gives {@link io.jitprov.servlet.JitLogin} ({@link #tenants()}, {@link #routes()},
 * {@link #samlIdentityProviders()}, {@link #oidcProviders()}). Every node follows the store's
 * changes (every second by default), so a change made on one node is used by the next login on
 * any node within about a second; logins in flight finish with what they started with.
 *
 * <p>Documents are in the configuration file's model (docs/registry.md), checked by the same
 * code as the file before anything is written; a document that does not pass is refused with
 * every problem by path ({@link JitConfigurationException}). Nothing is read at start: a tenant or
 * connection is read and parsed on its first use, and at most {@link Builder#cacheSize} of each
 * are kept parsed. An IdP's metadata or discovery document is fetched on first use too, under the
 * {@link Builder#outboundPolicy outbound policy} (public HTTPS addresses only, by default).
 *
 * <p>A connection belongs to one tenant, and its IdP (its SAML entityID or OpenID issuer) to one
 * connection: the tenant trusts exactly its connections' IdPs, and {@code /login} sends its people
 * to the first of them by id.
 *
 * @since 0.1
 */
public final class JitRegistry implements AutoCloseable {

    private static final int LIST_PAGE = 500;

    private final RegistryStore store;
    private final DomainRegistry domains;
    private final RegistryDocuments documents;
    private final Clock clock;
    private final OutboundPolicy outboundPolicy;
    private final AttributeSchema schema;
    private final RegistryCache<RegistryDocuments.LiveTenant> tenants;
    private final RegistryCache<RegistryDocuments.LiveConnection> connections;
    private final RegistryEditor editor;
    private final ConnectionEvents events;
    private final @Nullable ScheduledExecutorService checks;

    private JitRegistry(Builder b) {
        this.store = b.store;
        this.domains = b.domains != null ? b.domains : DomainRegistry.builder().clock(b.clock).build();
        this.clock = b.clock;
        this.outboundPolicy = b.outboundPolicy;
        this.schema = b.schema;
        SecretBox secrets = SecretBox.of(b.secretKeys);
        HttpClient http = HttpClient.newBuilder().connectTimeout(b.outboundPolicy.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.documents = new RegistryDocuments(b.schema, b.outboundPolicy, http, secrets, b.clock,
                b.refreshListener);
        this.tenants = new RegistryCache<>(store, RegistryKind.TENANT,
                entry -> documents.tenant(entry, store.connectionsOf(entry.id())), b.cacheSize);
        this.connections = new RegistryCache<>(store, RegistryKind.CONNECTION, documents::connection, b.cacheSize);
        this.events = new ConnectionEvents(b.events, store, b.clock);
        this.editor = new RegistryEditor(store, documents, secrets, domains, b.auditSink, b.clock, this::refresh, events,
                null);
        if (b.pollInterval != null) {
            tenants.startPolling(b.pollInterval);
            connections.startPolling(b.pollInterval);
        }
        this.checks = b.checkInterval == null ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "jit-registry-checks");
            thread.setDaemon(true);
            return thread;
        });
        if (checks != null) {
            long every = b.checkInterval.toMillis();
            checks.scheduleWithFixedDelay(this::checkConnectionsQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts a registry: in this JVM's memory unless given a {@link Builder#store}. */
    public static Builder builder() {
        return new Builder();
    }

    // --- what logins read -------------------------------------------------------------

    /** The tenants, as the provisioner, elevation and the sweeper read them. */
    public TenantDirectory tenants() {
        return new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String tenantId) {
                return tenants.find(tenantId).map(RegistryDocuments.LiveTenant::tenant);
            }

            @Override
            public Collection<Tenant> all() {
                List<Tenant> all = new ArrayList<>();
                String after = null;
                List<RegistryEntry> page;
                do {
                    page = store.list(RegistryKind.TENANT, after, LIST_PAGE);
                    for (RegistryEntry entry : page) {
                        find(entry.id()).ifPresent(all::add);
                        after = entry.id();
                    }
                } while (page.size() == LIST_PAGE);
                return all;
            }
        };
    }

    /** How a tenant's people sign in, for {@link io.jitprov.servlet.JitLogin.Builder#routes}. */
    public Function<String, List<IdpRoute>> routes() {
        return tenantId -> tenants.find(tenantId).map(RegistryDocuments.LiveTenant::routes).orElse(List.of());
    }

    /** The tenants' SCIM endpoints, for {@link io.jitprov.servlet.ScimProvisioning.Builder#tenants}. */
    public Function<String, Optional<ScimProvisioning.Endpoint>> scimEndpoints() {
        return tenantId -> tenants.find(tenantId).flatMap(RegistryDocuments.LiveTenant::scim);
    }

    /** The SAML connections' IdPs, by entityID. */
    public SamlIdentityProviders samlIdentityProviders() {
        return new SamlIdentityProviders() {
            @Override
            public Optional<SamlIdentityProvider> find(String entityId) {
                return saml(entityId).flatMap(resolver -> resolver.find(entityId));
            }

            @Override
            public Optional<SamlIdentityProvider> refreshKeys(String entityId) {
                return saml(entityId).flatMap(resolver -> resolver.refreshKeys(entityId));
            }

            private Optional<SamlIdentityProviders> saml(String entityId) {
                return connections.findByKey(RegistryDocuments.SAML_KEY + entityId)
                        .map(RegistryDocuments.LiveConnection::saml);
            }
        };
    }

    /**
     * The SAML IdP connection {@code connectionId} signs in through, a draft or not, its metadata
     * read now (fetched under the outbound policy when given by URL): for a test sign-in.
     *
     * @throws io.jitprov.core.JitAuthenticationException {@code idp_unavailable} when its metadata cannot be read
     */
    public Optional<SamlIdentityProvider> samlIdentityProviderOf(String connectionId) {
        return connections.find(connectionId).filter(c -> c.saml() != null).flatMap(c ->
                c.saml().find(c.key().substring(RegistryDocuments.SAML_KEY.length())));
    }

    /**
     * The OpenID provider connection {@code connectionId} signs in through, a draft or not, its
     * discovery document read now: for a test sign-in.
     *
     * @throws io.jitprov.core.JitAuthenticationException {@code idp_unavailable} when it cannot be read
     */
    public Optional<OidcProvider> oidcProviderOf(String connectionId) {
        return connections.find(connectionId).filter(c -> c.oidc() != null).flatMap(c ->
                c.oidc().find(c.key().substring(RegistryDocuments.OIDC_KEY.length())));
    }

    /**
     * How connection {@code connectionId} is doing: the registry's word on it, its IdP as this node
     * reads it now, and the last sign-ins through it in {@code trail}.
     *
     * @throws io.jitprov.core.JitStoreException when the registry or the trail cannot be read
     */
    public Optional<ConnectionHealth> health(String connectionId, AuditTrail trail) {
        Objects.requireNonNull(trail, "trail cannot be null");
        return store.find(RegistryKind.CONNECTION, connectionId).flatMap(entry -> connections.find(connectionId)
                .map(live -> ConnectionHealths.of(entry, live, trail)));
    }

    /** The OpenID connections' providers, by issuer. */
    public OidcProviders oidcProviders() {
        return issuer -> connections.findByKey(RegistryDocuments.OIDC_KEY + issuer)
                .map(RegistryDocuments.LiveConnection::oidc).flatMap(providers -> providers.find(issuer));
    }

    /**
     * The tenants' domains: claims, verification and the lookup of a login's domain. Change them
     * through {@link #claimDomain} and its siblings, which record every change in the audit trail.
     */
    public DomainRegistry domains() {
        return domains;
    }

    /** Applies the changes other nodes made since the last poll now, instead of at the next one. */
    public void refresh() {
        tenants.refresh();
        connections.refresh();
    }

    /** Stops following changes. */
    @Override
    public void close() {
        tenants.close();
        connections.close();
        if (checks != null) {
            checks.shutdownNow();
        }
        if (events.listener() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(JitRegistry.class).warn("Closing the event listener failed: {}",
                        e.getMessage());
            }
        }
    }

    // --- changes ----------------------------------------------------------------------

    /** The stored tenant, as written. */
    public Optional<RegistryEntry> tenant(String id) {
        return store.find(RegistryKind.TENANT, id);
    }

    /** The stored connection, as written (a client secret only sealed). */
    public Optional<RegistryEntry> connection(String id) {
        return store.find(RegistryKind.CONNECTION, id);
    }

    /** Up to {@code limit} tenants whose id sorts after {@code afterId} (from the start when null). */
    public List<RegistryEntry> listTenants(@Nullable String afterId, int limit) {
        return store.list(RegistryKind.TENANT, afterId, limit);
    }

    /** The tenant's connections, in id order. */
    public List<RegistryEntry> connectionsOf(String tenantId) {
        return store.connectionsOf(tenantId);
    }

    /**
     * Adds a tenant, with no connections and no domains yet.
     *
     * @param document the tenant's policy as JSON, in the model of the file's {@code tenants[i]}
     * @throws JitConfigurationException listing every problem of the document
     * @throws RegistryConflictException {@code entry_exists}
     */
    public RegistryEntry createTenant(String id, String document) {
        return editor.createTenant(id, document);
    }

    /**
     * Replaces a tenant's policy.
     *
     * @throws JitConfigurationException listing every problem of the document
     * @throws RegistryConflictException {@code version_mismatch} when it changed since
     *     {@code expectedVersion} was read, {@code entry_not_found}
     */
    public RegistryEntry updateTenant(String id, long expectedVersion, String document) {
        return editor.updateTenant(id, expectedVersion, document);
    }

    /**
     * Removes a tenant that has no connections left, and lets go of its domains.
     *
     * @throws RegistryConflictException {@code tenant_not_empty}, {@code version_mismatch},
     *     {@code entry_not_found}
     */
    public void deleteTenant(String id, long expectedVersion) {
        editor.deleteTenant(id, expectedVersion);
    }

    /**
     * Adds a connection to a tenant. An OpenID client secret given as text
     * ({@code "clientSecret": "..."}) is sealed with the application's key before it is stored.
     *
     * @param document as JSON, in the model of the file's {@code identityProviders[i]}
     * @throws JitConfigurationException listing every problem of the document
     * @throws RegistryConflictException {@code entry_not_found} for an unknown tenant,
     *     {@code entry_exists} when the id or the IdP is taken
     */
    public RegistryEntry createConnection(String tenantId, String id, String document) {
        return editor.createConnection(tenantId, id, document);
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
        return editor.updateConnection(id, expectedVersion, document);
    }

    /**
     * Removes a connection: its IdP's logins are refused from the next one on.
     *
     * @throws RegistryConflictException {@code version_mismatch}, {@code entry_not_found}
     */
    public void deleteConnection(String id, long expectedVersion) {
        editor.deleteConnection(id, expectedVersion);
    }

    /**
     * Records {@code tenantId}'s pending claim on {@code domain}; the claim says which DNS TXT
     * record proves it ({@link #verifyDomainByDns}).
     *
     * @throws io.jitprov.core.tenant.DomainClaimException {@code domain_invalid},
     *     {@code domain_not_allowed} (a consumer mail domain), {@code domain_already_claimed}
     */
    public DomainClaim claimDomain(String tenantId, String domain, boolean includeSubdomains) {
        return editor.claimDomain(tenantId, domain, includeSubdomains);
    }

    /**
     * Proves {@code tenantId}'s pending claim by its DNS TXT record.
     *
     * @throws io.jitprov.core.tenant.DomainClaimException {@code domain_proof_not_found},
     *     {@code domain_not_claimed}, {@code domain_already_claimed}
     */
    public DomainClaim verifyDomainByDns(String tenantId, String domain) {
        return editor.verifyDomainByDns(tenantId, domain);
    }

    /**
     * Verifies {@code domain} for {@code tenantId} on the application's word (it checked out of band).
     *
     * @throws io.jitprov.core.tenant.DomainClaimException {@code domain_invalid},
     *     {@code domain_not_allowed}, {@code domain_already_claimed}
     */
    public DomainClaim markDomainVerified(String tenantId, String domain, boolean includeSubdomains) {
        return editor.markDomainVerified(tenantId, domain, includeSubdomains);
    }

    /** Withdraws {@code tenantId}'s claim on {@code domain}, verified or not. */
    public void releaseDomain(String tenantId, String domain) {
        editor.releaseDomain(tenantId, domain);
    }

    /**
     * The registry as a configuration file (YAML): {@code identityProviders} and {@code tenants},
     * with their verified domains; client secrets are replaced by environment variables to give
     * when importing it ({@code registry.seed: true}).
     */
    public String export() {
        return RegistryFile.export(this);
    }

    /**
     * Changes recorded as made by {@code actor}: a member of the back office
     * ({@code AuditActor.account}), the admin API's token, a tenant's admin, a setup link. The
     * methods of this class make changes as the application itself, with no actor.
     */
    public RegistryEditor actingAs(AuditActor actor) {
        return editor.actingAs(actor);
    }

    /** How connections' URLs are fetched: what a page checking an IdP's URL must fetch under too. */
    public OutboundPolicy outboundPolicy() {
        return outboundPolicy;
    }

    /**
     * Looks at every active connection and proved domain now, as the periodic check does
     * ({@link Builder#checkInterval}): tells the listener of signing certificates within 90, 30 or 7
     * days of expiring, of metadata that cannot be read, and of domains whose DNS proof is gone, each
     * once across all nodes. Returns how many this node told.
     *
     * @throws io.jitprov.core.JitStoreException when the registry cannot be read
     */
    public int checkConnections() {
        return events.check(id -> health(id, AuditTrail.NONE)) + events.checkDomains(domains);
    }

    private void checkConnectionsQuietly() {
        try {
            checkConnections();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(JitRegistry.class).warn("The periodic check of connections failed: {}",
                    e.getMessage());
        }
    }

    /** The attributes logins are checked against: what an IdP must send. */
    public AttributeSchema attributeSchema() {
        return schema;
    }

    /** The tenant's setup links, expired ones included, without their tokens. */
    public List<SetupLink> setupLinksOf(String tenantId) {
        return SetupLinks.of(store, tenantId);
    }

    /** The setup link {@code id}, while it is neither expired nor revoked; without its token. */
    public Optional<SetupLink> liveSetupLink(String id) {
        return store.find(RegistryKind.SETUP_LINK, Objects.requireNonNull(id, "id cannot be null"))
                .flatMap(SetupLinks::link).filter(link -> clock.instant().isBefore(link.expiresAt()));
    }

    /**
     * The setup link {@code token} opens: none when it is not a link's token, or the link expired or
     * was revoked. Checked again on every request made with the link, so revoking it ends its use at once.
     */
    public Optional<SetupLink> openSetupLink(String token) {
        return SetupLinks.open(store, Objects.requireNonNull(token, "token cannot be null"), clock.instant());
    }

    /** Configures a {@link JitRegistry}. */
    public static final class Builder {

        private RegistryStore store = new InMemoryRegistryStore();
        private @Nullable DomainRegistry domains;
        private AttributeSchema schema = AttributeSchema.standard();
        private OutboundPolicy outboundPolicy = OutboundPolicy.publicInternet();
        private final Map<String, byte[]> secretKeys = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private AuditSink auditSink = AuditSink.slf4j();
        private int cacheSize = 1_000;
        private @Nullable Duration pollInterval = Duration.ofSeconds(1);
        private ConnectionEventListener events = ConnectionEventListener.NONE;
        private @Nullable Duration checkInterval;
        private RefreshListener refreshListener = RefreshListener.NONE;

        private Builder() {
        }

        /** Where tenants and connections are kept: {@code JdbcRegistryStore} for several nodes. */
        public Builder store(RegistryStore store) {
            this.store = Objects.requireNonNull(store, "store cannot be null");
            return this;
        }

        /** The tenants' domains; in memory by default, {@code JdbcDomainStore} for several nodes. */
        public Builder domains(DomainRegistry domains) {
            this.domains = Objects.requireNonNull(domains, "domains cannot be null");
            return this;
        }

        /** The application's attribute schema, which tenants' access-end and status attributes must be in. */
        public Builder schema(AttributeSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema cannot be null");
            return this;
        }

        /** How connections' URLs are fetched; {@link OutboundPolicy#publicInternet()} by default. */
        public Builder outboundPolicy(OutboundPolicy policy) {
            this.outboundPolicy = Objects.requireNonNull(policy, "policy cannot be null");
            return this;
        }

        /**
         * A 32-byte key that seals OpenID client secrets (AES-256-GCM). The first key given seals;
         * every key given opens what it sealed, so a new key is given first and old ones after it
         * until every secret was written again.
         *
         * @throws IllegalArgumentException for a key that is not 32 bytes, or an id used twice
         */
        public Builder secretKey(String keyId, byte[] key) {
            Objects.requireNonNull(keyId, "keyId cannot be null");
            if (secretKeys.containsKey(keyId)) {
                throw new IllegalArgumentException("Secret key [" + keyId + "] is given twice");
            }
            secretKeys.put(keyId, Objects.requireNonNull(key, "key cannot be null").clone());
            SecretBox.of(secretKeys);
            return this;
        }

        /** Where every change is recorded; the {@code io.jitprov.audit} log by default. */
        public Builder auditSink(AuditSink auditSink) {
            this.auditSink = Objects.requireNonNull(auditSink, "auditSink cannot be null");
            return this;
        }

        /** Told of each read of a connection's metadata, discovery document or keys (for metrics). */
        public Builder refreshListener(RefreshListener listener) {
            this.refreshListener = Objects.requireNonNull(listener, "listener cannot be null");
            return this;
        }

        /** The clock; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** How many tenants, and how many connections, are kept parsed at most; 1,000 by default. */
        public Builder cacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("cacheSize must be at least 1, not " + size);
            }
            this.cacheSize = size;
            return this;
        }

        /**
         * How often the store's changes are followed; every second by default. {@code null} follows
         * them only when {@link JitRegistry#refresh()} is called (one node, or tests).
         */
        public Builder pollInterval(@Nullable Duration interval) {
            if (interval != null && interval.toMillis() < 1) {
                throw new IllegalArgumentException("pollInterval must be at least 1 ms, not " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Who hears of connections turned on, changed or deleted, domains verified, and (with a
         * {@link #checkInterval}) certificates about to expire, metadata that cannot be read and
         * domains whose proof is gone; {@link io.jitprov.config.events.WebhookSender} posts them to a
         * URL. A listener that is {@link AutoCloseable} is closed with the registry.
         */
        public Builder events(ConnectionEventListener listener) {
            this.events = Objects.requireNonNull(listener, "listener cannot be null");
            return this;
        }

        /**
         * How often every active connection is looked at for expiring certificates and unreadable
         * metadata ({@link JitRegistry#checkConnections}); {@code null} (the default) never, on this
         * node. Every node may check: each notice is told once.
         */
        public Builder checkInterval(@Nullable Duration interval) {
            if (interval != null && interval.toMinutes() < 1) {
                throw new IllegalArgumentException("checkInterval must be at least a minute, not " + interval);
            }
            this.checkInterval = interval;
            return this;
        }

        /** The registry; starts following the store's changes. */
        public JitRegistry build() {
            return new JitRegistry(this);
        }
    }
}
