package io.jitprov.core.tenant;

import io.jitprov.core.IdentityKind;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A customer organisation of the application: which identity providers it trusts, and the rules
 * its logins are held to. Every rule is checked on every login, not only the first.
 *
 * <pre>{@code
 * Tenant acme = Tenant.withId("acme")
 *         .trustedIssuers("https://idp.acme.test")
 *         .requireAnyGroup("acme-staff")
 *         .roleMapping(RoleMapping.builder().rule(RoleRule.exact("acme-admins", "admin")).build())
 *         .seatLimit(50)
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class Tenant {

    /** The seat limit of a tenant that has none. */
    public static final int UNLIMITED_SEATS = Integer.MAX_VALUE;

    private final String id;
    private final Set<String> trustedIssuers;
    private final boolean jitEnabled;
    private final Set<String> requiredGroups;
    private final Set<IdentityKind> allowedKinds;
    private final int seatLimit;
    private final LinkPolicy linkPolicy;
    private final RoleMapping roleMapping;
    private final SyncMode syncMode;
    private final Map<String, AttributeSync> attributeSync;
    private final boolean overwritesEveryAttribute;
    private final Map<String, ElevationRule> elevationRules;
    private final @Nullable Duration inactivityLimit;
    private final @Nullable String accessEndAttribute;
    private final @Nullable String statusAttribute;
    private final Set<String> activeStatusValues;

    private Tenant(Builder b) {
        this.id = b.id;
        this.trustedIssuers = Set.copyOf(b.trustedIssuers);
        this.jitEnabled = b.jitEnabled;
        this.requiredGroups = Set.copyOf(b.requiredGroups);
        this.allowedKinds = Set.copyOf(b.allowedKinds);
        this.seatLimit = b.seatLimit;
        this.linkPolicy = b.linkPolicy;
        this.roleMapping = b.roleMapping;
        this.syncMode = b.syncMode;
        this.attributeSync = Map.copyOf(b.attributeSync);
        this.overwritesEveryAttribute = attributeSync.values().stream().allMatch(AttributeSync.OVERWRITE::equals);
        this.elevationRules = Collections.unmodifiableMap(new LinkedHashMap<>(b.elevationRules));
        this.inactivityLimit = b.inactivityLimit;
        this.accessEndAttribute = b.accessEndAttribute;
        this.statusAttribute = b.statusAttribute;
        this.activeStatusValues = Set.copyOf(b.activeStatusValues);
    }

    /** Starts a tenant whose id is the application's own identifier for the customer organisation. */
    public static Builder withId(String id) {
        return new Builder(id);
    }

    /** The application's identifier of this tenant; accounts belong to it for good. */
    public String id() {
        return id;
    }

    /** Issuers (SAML entityIDs, OIDC issuer identifiers) whose identities this tenant accepts. */
    public Set<String> trustedIssuers() {
        return trustedIssuers;
    }

    /**
     * Whether identities from {@code issuer} may sign in to this tenant (exact match: a rogue IdP cannot
     * claim its domains).
     */
    public boolean trusts(String issuer) {
        return trustedIssuers.contains(issuer);
    }

    /** Whether unknown people get an account on first login; when off, the tenant is invite-only. */
    public boolean jitEnabled() {
        return jitEnabled;
    }

    /** A person must be in at least one of these groups to log in; empty means no requirement. */
    public Set<String> requiredGroups() {
        return requiredGroups;
    }

    /** The kinds of identity that may sign in; people only by default. */
    public Set<IdentityKind> allowedKinds() {
        return allowedKinds;
    }

    /** The most active accounts the tenant may have; {@link #UNLIMITED_SEATS} when unlimited. */
    public int seatLimit() {
        return seatLimit;
    }

    /** When a new identity may be linked to an existing account by email; {@link LinkPolicy#NEVER} by default. */
    public LinkPolicy linkPolicy() {
        return linkPolicy;
    }

    /** How the IdP's groups become this tenant's roles, and the ceiling no mapping exceeds. */
    public RoleMapping roleMapping() {
        return roleMapping;
    }

    /**
     * When attributes and mapped roles follow the IdP: on every login ({@link SyncMode#FORCE}, default) or
     * the first only.
     */
    public SyncMode syncMode() {
        return syncMode;
    }

    /**
     * How attribute {@code name} follows the IdP on later logins when the tenant syncs on every
     * login: as set with {@link Builder#attributeSync}, else {@link AttributeSync#OVERWRITE}.
     */
    public AttributeSync attributeSync(String name) {
        return attributeSync.getOrDefault(name, AttributeSync.OVERWRITE);
    }

    /** Whether every attribute follows the IdP as it is ({@link AttributeSync#OVERWRITE}). */
    public boolean overwritesEveryAttribute() {
        return overwritesEveryAttribute;
    }

    /** The roles people of this tenant may ask for, for a while; none by default. */
    public Collection<ElevationRule> elevationRules() {
        return elevationRules.values();
    }

    /** The rule for asking for {@code role}, when the tenant has one. */
    public Optional<ElevationRule> elevationRule(String role) {
        return Optional.ofNullable(elevationRules.get(role));
    }

    /** Accounts not signed in for this long are disabled by the {@link io.jitprov.core.provisioning.AccessSweeper}; none by default. */
    public Optional<Duration> inactivityLimit() {
        return Optional.ofNullable(inactivityLimit);
    }

    /**
     * The attribute that says when the person's access ends (a contract end): an ISO date, access
     * through that day (UTC), or an ISO instant. Logins after it are refused and the account
     * disabled; the {@link io.jitprov.core.provisioning.AccessSweeper} disables accounts whose date passed. None by default.
     */
    public Optional<String> accessEndAttribute() {
        return Optional.ofNullable(accessEndAttribute);
    }

    /**
     * The attribute in which the IdP says whether the account is active (Okta's {@code user.status}
     * mapped into the assertion, an LDAP-backed {@code accountEnabled}); none by default. When set,
     * a login whose value is not one of {@link #activeStatusValues()} is refused
     * ({@code disabled_at_idp}) and the account disabled; a login without the attribute is refused.
     */
    public Optional<String> statusAttribute() {
        return Optional.ofNullable(statusAttribute);
    }

    /** The status values, lower case, that mean active. */
    public Set<String> activeStatusValues() {
        return activeStatusValues;
    }

    /** A builder holding this tenant's settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(id).trustedIssuers(trustedIssuers.toArray(String[]::new)).jitEnabled(jitEnabled)
                .requireAnyGroup(requiredGroups.toArray(String[]::new))
                .allowedKinds(allowedKinds.toArray(IdentityKind[]::new)).seatLimit(seatLimit)
                .linkPolicy(linkPolicy).roleMapping(roleMapping).syncMode(syncMode)
                .elevation(elevationRules.values().toArray(ElevationRule[]::new));
        b.inactivityLimit = inactivityLimit;
        b.accessEndAttribute = accessEndAttribute;
        b.statusAttribute = statusAttribute;
        b.attributeSync.putAll(attributeSync);
        b.activeStatusValues = activeStatusValues;
        return b;
    }

    @Override
    public String toString() {
        return "Tenant[" + id + "]";
    }

    /** Configures a {@link Tenant}; by default JIT is on, only people are allowed, nothing links by email. */
    public static final class Builder {

        private final String id;
        private final Set<String> trustedIssuers = new LinkedHashSet<>();
        private boolean jitEnabled = true;
        private final Set<String> requiredGroups = new LinkedHashSet<>();
        private final Map<String, ElevationRule> elevationRules = new LinkedHashMap<>();
        private @Nullable Duration inactivityLimit;
        private @Nullable String accessEndAttribute;
        private @Nullable String statusAttribute;
        private Set<String> activeStatusValues = Set.of();
        private Set<IdentityKind> allowedKinds = EnumSet.of(IdentityKind.HUMAN);
        private int seatLimit = UNLIMITED_SEATS;
        private LinkPolicy linkPolicy = LinkPolicy.NEVER;
        private RoleMapping roleMapping = RoleMapping.none();
        private SyncMode syncMode = SyncMode.FORCE;
        private final Map<String, AttributeSync> attributeSync = new LinkedHashMap<>();

        private Builder(String id) {
            Objects.requireNonNull(id, "id cannot be null");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("id cannot be empty");
            }
            this.id = id;
        }

        /** Adds issuers (SAML entityIDs, OIDC issuer identifiers) whose identities this tenant accepts. */
        public Builder trustedIssuers(String... issuers) {
            for (String issuer : issuers) {
                Objects.requireNonNull(issuer, "issuer cannot be null");
                trustedIssuers.add(issuer);
            }
            return this;
        }

        /**
         * Whether unknown people get an account on first login; true by default, false makes the tenant
         * invite-only.
         */
        public Builder jitEnabled(boolean jitEnabled) {
            this.jitEnabled = jitEnabled;
            return this;
        }

        /** Requires membership of at least one of {@code groups}. */
        public Builder requireAnyGroup(String... groups) {
            requiredGroups.addAll(List.of(groups));
            return this;
        }

        /** Replaces the kinds of identity that may sign in; {@link IdentityKind#HUMAN} only by default. */
        public Builder allowedKinds(IdentityKind... kinds) {
            if (kinds.length == 0) {
                throw new IllegalArgumentException("allowedKinds cannot be empty");
            }
            allowedKinds = EnumSet.copyOf(List.of(kinds));
            return this;
        }

        /** The most active accounts; logins that would create one more are refused with {@code seat_limit_reached}. */
        public Builder seatLimit(int seatLimit) {
            if (seatLimit < 0) {
                throw new IllegalArgumentException("seatLimit cannot be negative");
            }
            this.seatLimit = seatLimit;
            return this;
        }

        /** See {@link Tenant#linkPolicy()}. */
        public Builder linkPolicy(LinkPolicy linkPolicy) {
            this.linkPolicy = Objects.requireNonNull(linkPolicy, "linkPolicy cannot be null");
            return this;
        }

        /** See {@link Tenant#roleMapping()}; {@link RoleMapping#none()} by default. */
        public Builder roleMapping(RoleMapping roleMapping) {
            this.roleMapping = Objects.requireNonNull(roleMapping, "roleMapping cannot be null");
            return this;
        }

        /** How attribute {@code name} (its logical name in the schema) follows the IdP; see {@link AttributeSync}. */
        public Builder attributeSync(String name, AttributeSync sync) {
            attributeSync.put(Objects.requireNonNull(name, "name cannot be null"), Objects.requireNonNull(sync));
            return this;
        }

        /** See {@link Tenant#syncMode()}. */
        public Builder syncMode(SyncMode syncMode) {
            this.syncMode = Objects.requireNonNull(syncMode, "syncMode cannot be null");
            return this;
        }

        /** See {@link Tenant#inactivityLimit()}; must be positive, {@code null} for none. */
        public Builder inactivityLimit(@Nullable Duration limit) {
            if (limit != null && (limit.isNegative() || limit.isZero())) {
                throw new IllegalArgumentException("inactivityLimit must be positive, not " + limit);
            }
            this.inactivityLimit = limit;
            return this;
        }

        /** See {@link Tenant#statusAttribute()}; values compare without case, e.g. {@code ("status", "ACTIVE")}. */
        public Builder statusAttribute(String attribute, String... activeValues) {
            if (activeValues.length == 0) {
                throw new IllegalArgumentException("statusAttribute needs the values that mean active");
            }
            this.statusAttribute = Objects.requireNonNull(attribute, "attribute cannot be null");
            Set<String> values = new LinkedHashSet<>();
            for (String value : activeValues) {
                values.add(value.strip().toLowerCase(Locale.ROOT));
            }
            this.activeStatusValues = values;
            return this;
        }

        /** See {@link Tenant#accessEndAttribute()}; {@code null} for none. */
        public Builder accessEndAttribute(@Nullable String attribute) {
            this.accessEndAttribute = attribute;
            return this;
        }

        /** Roles the tenant's people may ask for, for a while; one rule per role. */
        public Builder elevation(ElevationRule... rules) {
            for (ElevationRule rule : rules) {
                if (elevationRules.putIfAbsent(rule.role(), rule) != null) {
                    throw new IllegalArgumentException("Two elevation rules for role [" + rule.role() + "]");
                }
            }
            return this;
        }

        /**
         * The tenant. One that trusts no issuer yet (a registry's tenant before its first
         * connection) refuses every login.
         */
        public Tenant build() {
            return new Tenant(this);
        }
    }
}
