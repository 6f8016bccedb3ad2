package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.DuplicateAccountException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.NewAccount;
import io.jitprov.core.Refusal;
import io.jitprov.core.SeatLimitReachedException;
import io.jitprov.core.StaleAccountException;
import io.jitprov.core.UserStore;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditedUserStore;
import io.jitprov.core.tenant.LinkPolicy;
import io.jitprov.core.tenant.Tenant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the account a login belongs to, links one by verified email where the tenant allows it,
 * or creates one; then applies the login's changes. The store's unique keys, not locks, settle
 * races: a clash or a stale read makes it look again, so N nodes racing on one first login end
 * with one account and N accepted logins.
 */
final class AccountLinker {

    private static final int MAX_ATTEMPTS = 8;

    private final UserStore store;
    private final LoginAudit audit;

    AccountLinker(UserStore store, LoginAudit audit) {
        this.store = store;
        this.audit = audit;
    }

    ProvisioningResult provision(Login login) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return attempt(login);
            } catch (StaleAccountException e) {
                // Someone else changed the account since we read it: read it again.
            } catch (DuplicateAccountException e) {
                // Someone else created or linked first: the next read finds what they wrote.
            }
        }
        throw new JitStoreException(JitErrorCodes.STORE_CONFLICT, "Account of subject ["
                + login.identity().subject() + "] in tenant [" + login.tenant().id() + "] kept changing during "
                + MAX_ATTEMPTS + " attempts");
    }

    private ProvisioningResult attempt(Login login) {
        VerifiedIdentity identity = login.identity();
        Tenant tenant = login.tenant();
        Optional<Account> existing = store.findByIdentity(tenant.id(), identity.issuer(), identity.subject());
        if (existing.isPresent()) {
            return returning(existing.get(), login);
        }
        if (login.verifiedEmail() != null) {
            Optional<Account> sameEmail = store.findByEmail(tenant.id(), login.verifiedEmail());
            if (sameEmail.isPresent()) {
                // A racing login may have created this very account between our two reads.
                return sameEmail.get().identities().contains(login.externalIdentity())
                        ? returning(sameEmail.get(), login)
                        : link(sameEmail.get(), login);
            }
        }
        if (!tenant.jitEnabled()) {
            return refused(login, JitErrorCodes.JIT_DISABLED, "Tenant [" + tenant.id()
                    + "] creates no accounts on first login, and subject " + JitError.quote(identity.subject())
                    + " has none");
        }
        return create(login);
    }

    private ProvisioningResult returning(Account account, Login login) {
        if (!account.active()) {
            return refused(login, JitErrorCodes.ACCOUNT_DISABLED, "Account [" + account.id() + "] is disabled");
        }
        AccountSync.Change change = AccountSync.returning(account, login);
        if (!change.changed()) {
            return audit.recorded(ProvisioningResult.accepted(ProvisioningOutcome.UNCHANGED, login.correlationId(),
                    account, change.rolesAdded(), change.rolesRemoved()), login.identity(), login.now());
        }
        return write(ProvisioningOutcome.UPDATED, change, login);
    }

    private ProvisioningResult link(Account account, Login login) {
        Tenant tenant = login.tenant();
        boolean sameIssuerLinked = account.identities().stream()
                .anyMatch(i -> i.issuer().equals(login.identity().issuer()));
        if (tenant.linkPolicy() != LinkPolicy.VERIFIED_EMAIL || !login.emailDomainVerified() || sameIssuerLinked
                || !account.emailVerified()) {
            String why = tenant.linkPolicy() != LinkPolicy.VERIFIED_EMAIL ? "the tenant does not link by email"
                    : !login.emailDomainVerified() ? "the email's domain is not verified for the tenant"
                    : sameIssuerLinked ? "the account is already linked to another subject of this issuer"
                    // A directory's word is not an IdP's: whoever can push accounts must not choose who joins them.
                    : "the account's email came from a directory and no login has verified it yet";
            return refused(login, JitErrorCodes.LINK_NOT_ALLOWED, "Account [" + account.id() + "] of tenant ["
                    + tenant.id() + "] has email [" + login.verifiedEmail() + "] but " + why);
        }
        if (!account.active()) {
            return refused(login, JitErrorCodes.ACCOUNT_DISABLED, "Account [" + account.id() + "] is disabled");
        }
        return write(ProvisioningOutcome.LINKED, AccountSync.link(account, login), login);
    }

    private ProvisioningResult write(ProvisioningOutcome outcome, AccountSync.Change change, Login login) {
        AuditEvent event = LoginEvents.accepted(login, outcome, change.account().id(), change.rolesAdded(),
                change.rolesRemoved());
        try {
            Account updated = store instanceof AuditedUserStore audited
                    ? audited.update(change.account(), event) : store.update(change.account());
            audit.record(event);
            return ProvisioningResult.accepted(outcome, login.correlationId(), updated, change.rolesAdded(),
                    change.rolesRemoved());
        } catch (DuplicateAccountException e) {
            if (e.key() == DuplicateAccountException.Key.EMAIL) {
                return refused(login, JitErrorCodes.EMAIL_IN_USE, "Email [" + change.account().email()
                        + "] already belongs to another account of tenant [" + login.tenant().id() + "]");
            }
            throw e;
        }
    }

    private ProvisioningResult create(Login login) {
        NewAccount draft = AccountSync.newAccount(login);
        Set<String> added = new TreeSet<>(login.mappedRoles());
        AuditEvent event = LoginEvents.accepted(login, ProvisioningOutcome.CREATED, draft.id(), added, Set.of());
        try {
            int seatLimit = login.tenant().seatLimit();
            Account account = store instanceof AuditedUserStore audited
                    ? audited.create(draft, seatLimit, event) : store.create(draft, seatLimit);
            audit.record(event);
            return ProvisioningResult.accepted(ProvisioningOutcome.CREATED, login.correlationId(), account,
                    added, Set.of());
        } catch (SeatLimitReachedException e) {
            return refused(login, JitErrorCodes.SEAT_LIMIT_REACHED, "Tenant [" + login.tenant().id()
                    + "] has no seat left of its " + login.tenant().seatLimit());
        }
    }

    private ProvisioningResult refused(Login login, String code, String description) {
        return audit.recorded(ProvisioningResult.refused(login.correlationId(), login.tenant().id(),
                Refusal.of(code, description)), login.identity(), login.now());
    }
}
