package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.EmailAddress;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.Refusal;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.UserStore;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.internal.Durations;
import io.jitprov.core.tenant.RoleMapper;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantResolution;
import io.jitprov.core.tenant.TenantResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link VerifiedIdentity} into a local account, or into a refusal. Runs, in order, and
 * stops at the first step that refuses:
 * <ol>
 *   <li>the {@link AttributeSchema} (every problem is reported, not only the first);</li>
 *   <li>the {@link TenantResolver}, then the tenant's trust in the issuer and its policy;</li>
 *   <li>account lookup by (tenant, issuer, subject), else a link by verified email where the
 *       tenant's {@link io.jitprov.core.tenant.LinkPolicy} allows it, else creation where the tenant allows JIT;</li>
 *   <li>the {@link RoleMapper}, bounded by the tenant's ceiling;</li>
 *   <li>one atomic write to the {@link UserStore}, or none when nothing changed;</li>
 *   <li>one {@link AuditEvent}, accepted or refused.</li>
 * </ol>
 *
 * <p>Thread-safe. Refusals are values ({@link ProvisioningResult#refusal()}); a failing store
 * raises {@link JitStoreException} after nothing was written.
 *
 * <pre>{@code
 * Provisioner provisioner = Provisioner.builder()
 *         .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
 *         .userStore(new InMemoryUserStore())
 *         .build();
 * ProvisioningResult result = provisioner.provision(identity);
 * }</pre>
 *
 * @since 0.1
 */
public final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private final AttributeSchema schema;
    private final TenantResolver tenantResolver;
    private final RoleMapper roleMapper;
    private final AccountLinker linker;
    private final AccountLinker previewLinker;
    private final UserStore store;
    private final LoginAudit audit;
    private final Clock clock;
    private final Duration loginRecordInterval;
    private final @Nullable Deprovisioner deprovisioner;

    private Provisioner(Builder b) {
        this.schema = b.schema;
        this.tenantResolver = Objects.requireNonNull(b.tenantResolver, "tenantResolver cannot be null");
        this.roleMapper = b.roleMapper;
        this.store = Objects.requireNonNull(b.userStore, "userStore cannot be null");
        this.audit = new LoginAudit(b.auditSink);
        this.linker = new AccountLinker(store, audit);
        this.previewLinker = new AccountLinker(new PreviewStore(store), new LoginAudit(AuditSink.NONE));
        this.clock = b.clock;
        this.loginRecordInterval = b.loginRecordInterval;
        this.deprovisioner = b.deprovisioner;
    }

    /** Starts a provisioner with the standard attribute schema and role mapper, auditing to SLF4J. */
    public static Builder builder() {
        return new Builder();
    }

    /** The store accounts are written to. */
    public UserStore userStore() {
        return store;
    }

    /** Provisions {@code identity} under a fresh correlation id. */
    public ProvisioningResult provision(VerifiedIdentity identity) {
        return provision(identity, UUID.randomUUID().toString());
    }

    /**
     * Provisions {@code identity}, tagging the audit event with {@code correlationId}.
     *
     * @throws JitStoreException when the store failed; nothing was written
     */
    public ProvisioningResult provision(VerifiedIdentity identity, String correlationId) {
        Objects.requireNonNull(identity, "identity cannot be null");
        Objects.requireNonNull(correlationId, "correlationId cannot be null");
        Instant now = clock.instant();
        ProvisioningResult result;
        try {
            result = decide(identity, correlationId, now);
        } catch (JitStoreException e) {
            audit.record(AuditEvent.of(AuditAction.LOGIN, AuditOutcome.ERROR, now).correlationId(correlationId)
                    .identity(identity.issuer(), identity.subject())
                    .errors(List.of(new JitError(e.code(), String.valueOf(e.getMessage())))).build());
            throw e;
        }
        result.account().filter(a -> !result.refused()).ifPresent(a -> recordLogin(a, now));
        LOG.debug("Login {} of subject [{}] from [{}]: {}", correlationId, identity.subject(), identity.issuer(),
                result.outcome());
        return result;
    }

    /**
     * What a login of {@code identity} into {@code tenant} would do, decided as {@link #provision}
     * decides but writing nothing and recording no audit event: the attribute schema, the tenant's
     * policy, the roles mapped, and whether an account would be created ({@code CREATED}), linked
     * by email ({@code LINKED}), updated or left as it is, or why it would be refused. The tenant is
     * named, not resolved from the email, so that a test sign-in through a connection not yet in
     * use can ask; the caller checks the email's domain itself. Seats are not counted.
     *
     * @throws JitStoreException when the store could not be read
     */
    public ProvisioningResult preview(VerifiedIdentity identity, Tenant tenant) {
        Objects.requireNonNull(identity, "identity cannot be null");
        Objects.requireNonNull(tenant, "tenant cannot be null");
        Instant now = clock.instant();
        String correlationId = UUID.randomUUID().toString();
        AttributeSchema.Result checked = schema.check(identity, now);
        if (!checked.passed()) {
            return ProvisioningResult.refused(correlationId, tenant.id(), new Refusal(checked.errors()));
        }
        ValidatedAttributes attributes = checked.attributes();
        List<JitError> policyErrors = TenantPolicyCheck.check(tenant, identity, attributes, now);
        if (!policyErrors.isEmpty()) {
            return ProvisioningResult.refused(correlationId, tenant.id(), new Refusal(policyErrors));
        }
        String verifiedEmail = identity.emailVerified()
                ? attributes.first(StandardAttributes.EMAIL).flatMap(EmailAddress::parse).map(EmailAddress::value).orElse(null)
                : null;
        Login login = new Login(identity, correlationId, now, tenant, attributes, verifiedEmail, verifiedEmail != null,
                mappedRoles(tenant, identity, attributes));
        return previewLinker.provision(login);
    }

    private ProvisioningResult decide(VerifiedIdentity identity, String correlationId, Instant now) {
        AttributeSchema.Result checked = schema.check(identity, now);
        if (!checked.passed()) {
            return audit.recorded(ProvisioningResult.refused(correlationId, null, new Refusal(checked.errors())),
                    identity, now);
        }
        ValidatedAttributes attributes = checked.attributes();
        TenantResolution resolution = tenantResolver.resolve(identity, attributes);
        if (resolution.tenant().isEmpty()) {
            JitError error = resolution.error().orElseThrow();
            return audit.recorded(ProvisioningResult.refused(correlationId, null, new Refusal(List.of(error))),
                    identity, now);
        }
        Tenant tenant = resolution.tenant().get();
        List<JitError> policyErrors = TenantPolicyCheck.check(tenant, identity, attributes, now);
        if (!policyErrors.isEmpty()) {
            policyErrors.stream().filter(e -> e.code().equals(JitErrorCodes.ACCESS_ENDED)
                    || e.code().equals(JitErrorCodes.DISABLED_AT_IDP)).findFirst()
                    .ifPresent(ended -> endAccess(tenant, identity, ended, policyErrors, now, correlationId));
            return audit.recorded(ProvisioningResult.refused(correlationId, tenant.id(), new Refusal(policyErrors)),
                    identity, now);
        }
        String verifiedEmail = identity.emailVerified()
                ? attributes.first(StandardAttributes.EMAIL).flatMap(EmailAddress::parse).map(EmailAddress::value).orElse(null)
                : null;
        Login login = new Login(identity, correlationId, now, tenant, attributes, verifiedEmail,
                resolution.emailDomainVerified() && verifiedEmail != null,
                mappedRoles(tenant, identity, attributes));
        return linker.provision(login);
    }

    /** The IdP says this person's access is over: the account goes too, not only this login. */
    private void endAccess(Tenant tenant, VerifiedIdentity identity, JitError ended, List<JitError> errors, Instant now,
            String correlationId) {
        store.findByIdentity(tenant.id(), identity.issuer(), identity.subject()).filter(Account::active).ifPresent(a -> {
            if (deprovisioner != null) {
                deprovisioner.disable(a.id(), null, ended); // ends its grants too
            } else {
                store.disable(a.id());
                audit.record(AuditEvent.of(AuditAction.ACCOUNT_DISABLE, AuditOutcome.DISABLED, now).correlationId(correlationId)
                        .tenantId(tenant.id()).identity(identity.issuer(), identity.subject()).accountId(a.id())
                        .errors(errors).rolesRemoved(a.roleNames()).build());
            }
        });
    }

    /** At most once per {@code loginRecordInterval}, so most returning logins still write nothing. */
    private void recordLogin(Account account, Instant now) {
        if (account.lastLoginAt() != null && account.lastLoginAt().isAfter(now.minus(loginRecordInterval))) {
            return;
        }
        try {
            store.recordLogin(account.id(), now);
        } catch (JitStoreException e) {
            LOG.warn("The last login of account [{}] could not be recorded; the login goes on", account.id(), e);
        }
    }

    private Set<String> mappedRoles(Tenant tenant, VerifiedIdentity identity, ValidatedAttributes attributes) {
        Set<String> roles = new HashSet<>(tenant.roleMapping().forKind(identity.kind(),
                roleMapper.rolesFor(tenant, identity, attributes)));
        Set<String> allowed = tenant.roleMapping().allowedRoles();
        if (roles.retainAll(allowed) && LOG.isDebugEnabled()) {
            LOG.debug("Roles outside the ceiling of tenant [{}] dropped for subject [{}]", tenant.id(),
                    identity.subject());
        }
        return roles;
    }

    /** Configures a {@link Provisioner}; a tenant resolver and a user store are required. */
    public static final class Builder {

        private AttributeSchema schema = AttributeSchema.standard();
        private @Nullable TenantResolver tenantResolver;
        private RoleMapper roleMapper = RoleMapper.TENANT_RULES;
        private @Nullable UserStore userStore;
        private AuditSink auditSink = AuditSink.slf4j();
        private Clock clock = Clock.systemUTC();
        private Duration loginRecordInterval = Duration.ofHours(1);
        private @Nullable Deprovisioner deprovisioner;

        private Builder() {
        }

        /**
         * How stale an account's last login may get before a login records it again; one hour by
         * default. Shorter is more precise for inactivity, and costs one write per login that often.
         */
        /**
         * What disables an account whose IdP says its access ended (contract end, status not
         * active): with it the account's grants end too. Without it the account is disabled in the
         * store directly.
         */
        public Builder deprovisioner(@Nullable Deprovisioner deprovisioner) {
            this.deprovisioner = deprovisioner;
            return this;
        }

        /** How often, at most, a returning login writes its time (for inactivity); one hour by default. */
        public Builder loginRecordInterval(Duration interval) {
            this.loginRecordInterval = Durations.notNegative("loginRecordInterval", interval);
            return this;
        }

        /** Defaults to {@link AttributeSchema#standard()}. */
        public Builder schema(AttributeSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema cannot be null");
            return this;
        }

        /** How a login finds its tenant; usually {@link io.jitprov.core.tenant.DomainTenantResolver}. */
        public Builder tenantResolver(TenantResolver tenantResolver) {
            this.tenantResolver = Objects.requireNonNull(tenantResolver, "tenantResolver cannot be null");
            return this;
        }

        /** Defaults to {@link RoleMapper#TENANT_RULES}. */
        public Builder roleMapper(RoleMapper roleMapper) {
            this.roleMapper = Objects.requireNonNull(roleMapper, "roleMapper cannot be null");
            return this;
        }

        /** Where accounts are kept: {@link io.jitprov.core.memory.InMemoryUserStore}, {@code JdbcUserStore} or the application's own. */
        public Builder userStore(UserStore userStore) {
            this.userStore = Objects.requireNonNull(userStore, "userStore cannot be null");
            return this;
        }

        /** Defaults to {@link AuditSink#slf4j()}. */
        public Builder auditSink(AuditSink auditSink) {
            this.auditSink = Objects.requireNonNull(auditSink, "auditSink cannot be null");
            return this;
        }

        /** Defaults to {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** The provisioner; a tenant resolver and a user store are required. */
        public Provisioner build() {
            return new Provisioner(this);
        }
    }
}
