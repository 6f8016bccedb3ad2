package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.DuplicateAccountException;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.NewAccount;
import io.jitprov.core.Refusal;
import io.jitprov.core.SeatLimitReachedException;
import io.jitprov.core.StaleAccountException;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.UserStore;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Creates and updates accounts ahead of their first login, for a directory that pushes them
 * (SCIM). The same rules hold as at login: the tenant must trust the issuer and allow the kind,
 * attributes pass the {@link AttributeSchema}, the seat limit holds and roles are the tenant's
 * default roles within its ceiling (groups arrive with the login). The pushed email is the
 * account's email (shown, unique in the tenant, found by {@link UserStore#findByEmail}) but not a
 * verified one ({@link Account#emailVerified()} false): no login of another identity is ever
 * linked to the account by it, whatever the tenant's {@link io.jitprov.core.tenant.LinkPolicy}, because whoever holds a
 * directory's push token must not choose who joins an account. The first login of the account's
 * own identity whose IdP verifies an email makes that email the account's, verified. Every change
 * is audited.
 *
 * @since 0.1
 */
public final class Preprovisioner {


    private static final int MAX_ATTEMPTS = 8;

    private final TenantDirectory tenants;
    private final UserStore accounts;
    private final AttributeSchema schema;
    private final Set<String> directoryAttributes;
    private final AuditSink audit;
    private final Clock clock;

    private Preprovisioner(Builder b) {
        this.tenants = Objects.requireNonNull(b.tenants, "tenants must be set");
        this.accounts = Objects.requireNonNull(b.accounts, "userStore must be set");
        this.schema = b.schema;
        this.directoryAttributes = Set.copyOf(b.directoryAttributes);
        this.audit = b.audit;
        this.clock = b.clock;
    }

    /** Starts a preprovisioner; tenants and the user store are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the account, with the pushed email unverified; refuses with {@code account_exists} when
     * the identity has one, with {@code email_in_use} when another account of the tenant has the
     * email, and with the login's codes when the tenant or the attributes do not allow it.
     *
     * @param actor who pushed it, for the audit trail (e.g. {@code scim:acme})
     */
    public ProvisioningResult create(DirectoryEntry entry, @Nullable AuditActor actor) {
        String correlationId = UUID.randomUUID().toString();
        Checked checked = check(entry);
        if (checked.refusal != null) {
            return refused(correlationId, entry, null, actor, checked.refusal);
        }
        ExternalIdentity identity = entry.identity();
        if (accounts.findByIdentity(entry.tenantId(), identity.issuer(), identity.subject()).isPresent()) {
            return refused(correlationId, entry, null, actor, Refusal.of(JitErrorCodes.ACCOUNT_EXISTS,
                    "Subject " + JitError.quote(identity.subject()) + " of [" + identity.issuer()
                            + "] already has an account in tenant [" + entry.tenantId() + "]"));
        }
        Set<AssignedRole> roles = new HashSet<>();
        RoleMapping mapping = checked.tenant.roleMapping();
        mapping.forKind(entry.kind(), mapping.defaultRoles()).stream().filter(mapping.allowedRoles()::contains)
                .forEach(role -> roles.add(AssignedRole.mapped(role)));
        NewAccount draft = new NewAccount(UUID.randomUUID().toString(), entry.tenantId(), pushedEmail(checked),
                entry.kind(), checked.attributes, roles, List.of(identity), clock.instant(), null, false);
        try {
            Account account = accounts.create(draft, checked.tenant.seatLimit());
            Set<String> added = new TreeSet<>(account.roleNames());
            record(AuditAction.ACCOUNT_PREPROVISION, correlationId, ProvisioningOutcome.CREATED, entry, account.id(), actor, List.of(), added,
                    Set.of());
            return ProvisioningResult.accepted(ProvisioningOutcome.CREATED, correlationId, account, added, Set.of());
        } catch (DuplicateAccountException e) {
            return refused(correlationId, entry, null, actor, e.key() == DuplicateAccountException.Key.EMAIL
                    ? emailInUse(entry, draft.email()) : Refusal.of(JitErrorCodes.ACCOUNT_EXISTS,
                    "Subject " + JitError.quote(identity.subject()) + " was given an account meanwhile"));
        } catch (SeatLimitReachedException e) {
            return refused(correlationId, entry, null, actor, Refusal.of(JitErrorCodes.SEAT_LIMIT_REACHED,
                    "Tenant [" + entry.tenantId() + "] has no seat left of its " + checked.tenant.seatLimit()));
        }
    }

    /**
     * Replaces the directory's attributes of an account of the entry's tenant (those named by
     * {@link Builder#directoryAttributes}; others, groups among them, stay as the last login left
     * them), its identity of the entry's issuer when the directory renamed the person, and its email
     * (unverified) when the directory changed it; roles and status stay. Refuses with
     * {@code account_not_found} when the tenant has no such account, {@code email_in_use} when
     * another account has the new email.
     */
    public ProvisioningResult replace(String accountId, DirectoryEntry entry, @Nullable AuditActor actor) {
        String correlationId = UUID.randomUUID().toString();
        Checked checked = check(entry);
        if (checked.refusal != null) {
            return refused(correlationId, entry, accountId, actor, checked.refusal);
        }
        for (int attempt = 1; ; attempt++) {
            Optional<Account> current = accounts.findById(accountId).filter(a -> a.tenantId().equals(entry.tenantId()));
            if (current.isEmpty()) {
                return refused(correlationId, entry, accountId, actor, Refusal.of(JitErrorCodes.ACCOUNT_NOT_FOUND,
                        "Tenant [" + entry.tenantId() + "] has no account [" + accountId + "]"));
            }
            Account changed = withPushedEmail(current.get(), pushedEmail(checked))
                    .withAttributes(merged(current.get().attributes(), checked.attributes))
                    .withIdentities(renamed(current.get().identities(), entry.identity()));
            if (changed.equals(current.get())) {
                return ProvisioningResult.accepted(ProvisioningOutcome.UNCHANGED, correlationId, current.get(),
                        Set.of(), Set.of());
            }
            try {
                Account updated = accounts.update(changed);
                record(AuditAction.ACCOUNT_REPLACE, correlationId, ProvisioningOutcome.UPDATED, entry, accountId, actor, List.of(),
                        Set.of(), Set.of());
                return ProvisioningResult.accepted(ProvisioningOutcome.UPDATED, correlationId, updated, Set.of(),
                        Set.of());
            } catch (DuplicateAccountException e) {
                return refused(correlationId, entry, accountId, actor, e.key() == DuplicateAccountException.Key.EMAIL
                        ? emailInUse(entry, changed.email()) : Refusal.of(JitErrorCodes.ACCOUNT_EXISTS,
                        "Subject " + JitError.quote(entry.identity().subject()) + " belongs to another account"));
            } catch (StaleAccountException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The email the push carries, normalised by the schema; {@code null} when it carries none. */
    private static @Nullable String pushedEmail(Checked checked) {
        return Objects.requireNonNull(checked.attributes).first(StandardAttributes.EMAIL).orElse(null);
    }

    /** A changed email replaces the account's, unverified; the same email keeps what a login verified. */
    private static Account withPushedEmail(Account account, @Nullable String pushed) {
        return pushed == null || pushed.equals(account.email()) ? account : account.withEmail(pushed, false);
    }

    private static Refusal emailInUse(DirectoryEntry entry, @Nullable String email) {
        return Refusal.of(JitErrorCodes.EMAIL_IN_USE, "Email " + JitError.quote(email) + " already belongs to"
                + " another account of tenant [" + entry.tenantId() + "]");
    }

    private ValidatedAttributes merged(ValidatedAttributes stored, ValidatedAttributes pushed) {
        Map<String, List<String>> values = new LinkedHashMap<>(stored.asMap());
        values.keySet().removeAll(directoryAttributes);
        pushed.asMap().forEach((name, list) -> {
            if (directoryAttributes.contains(name)) {
                values.put(name, list);
            }
        });
        return ValidatedAttributes.of(values);
    }

    /** The identities with the one of the entry's issuer replaced by the entry's; added when there was none. */
    private static List<ExternalIdentity> renamed(List<ExternalIdentity> identities, ExternalIdentity pushed) {
        if (identities.contains(pushed)) {
            return identities;
        }
        List<ExternalIdentity> result = new ArrayList<>();
        for (ExternalIdentity identity : identities) {
            if (!identity.issuer().equals(pushed.issuer())) {
                result.add(identity);
            }
        }
        result.add(pushed);
        return result;
    }

    private Checked check(DirectoryEntry entry) {
        Optional<Tenant> tenant = tenants.find(entry.tenantId());
        if (tenant.isEmpty()) {
            return Checked.refused(Refusal.of(JitErrorCodes.TENANT_NOT_FOUND,
                    "There is no tenant [" + entry.tenantId() + "]"));
        }
        if (!tenant.get().trusts(entry.identity().issuer())) {
            return Checked.refused(Refusal.of(JitErrorCodes.ISSUER_NOT_TRUSTED_BY_TENANT,
                    "Tenant [" + entry.tenantId() + "] does not trust [" + entry.identity().issuer() + "]"));
        }
        if (!tenant.get().allowedKinds().contains(entry.kind())) {
            return Checked.refused(Refusal.of(JitErrorCodes.IDENTITY_KIND_NOT_ALLOWED,
                    "Tenant [" + entry.tenantId() + "] does not allow accounts of kind " + entry.kind()));
        }
        AttributeSchema.Result result = schema.check(entry.identity(), entry.kind(), entry.attributes());
        if (!result.passed()) {
            return Checked.refused(new Refusal(result.errors()));
        }
        return new Checked(tenant.get(), result.attributes(), null);
    }

    private ProvisioningResult refused(String correlationId, DirectoryEntry entry, @Nullable String accountId,
            @Nullable AuditActor actor, Refusal refusal) {
        record(accountId == null ? AuditAction.ACCOUNT_PREPROVISION : AuditAction.ACCOUNT_REPLACE, correlationId, ProvisioningOutcome.REFUSED, entry, accountId,
                actor, refusal.errors(), Set.of(), Set.of());
        return ProvisioningResult.refused(correlationId, entry.tenantId(), refusal);
    }

    private void record(AuditAction action, String correlationId, ProvisioningOutcome outcome, DirectoryEntry entry,
            @Nullable String accountId, @Nullable AuditActor actor, List<JitError> errors, Set<String> added,
            Set<String> removed) {
        Instant now = clock.instant();
        audit.record(AuditEvent.of(action, LoginEvents.outcome(outcome), now).correlationId(correlationId)
                .tenantId(entry.tenantId()).identity(entry.identity().issuer(), entry.identity().subject())
                .accountId(accountId).errors(errors).rolesAdded(added).rolesRemoved(removed).actor(actor).build());
    }

    private record Checked(@Nullable Tenant tenant, @Nullable ValidatedAttributes attributes,
            @Nullable Refusal refusal) {
        static Checked refused(Refusal refusal) {
            return new Checked(null, null, refusal);
        }
    }

    /** Configures a {@link Preprovisioner}. */
    public static final class Builder {

        private @Nullable TenantDirectory tenants;
        private @Nullable UserStore accounts;
        private AttributeSchema schema = AttributeSchema.standard();
        private Set<String> directoryAttributes = Set.of(StandardAttributes.EMAIL, StandardAttributes.GIVEN_NAME,
                StandardAttributes.FAMILY_NAME, StandardAttributes.DISPLAY_NAME);
        private AuditSink audit = AuditSink.slf4j();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The tenants whose rules (trusted issuers, kinds, seat limit, roles) a push must meet. */
        public Builder tenants(TenantDirectory tenants) {
            this.tenants = tenants;
            return this;
        }

        /** The store the logins use too. */
        public Builder userStore(UserStore accounts) {
            this.accounts = accounts;
            return this;
        }

        /** The schema logins are checked against; pushed attributes pass the same one. */
        public Builder schema(AttributeSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema cannot be null");
            return this;
        }

        /**
         * The attributes a directory's replace sets or removes; by default email, given name,
         * family name and display name, what SCIM carries.
         */
        public Builder directoryAttributes(String... names) {
            this.directoryAttributes = Set.of(names);
            return this;
        }

        /** Where every creation and replacement, refusals included, is recorded; SLF4J by default. */
        public Builder auditSink(AuditSink audit) {
            this.audit = Objects.requireNonNull(audit, "audit cannot be null");
            return this;
        }

        /** The clock accounts are created and audited with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** The preprovisioner. */
        public Preprovisioner build() {
            return new Preprovisioner(this);
        }
    }
}
