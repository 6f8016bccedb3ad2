package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.AccountStatus;
import io.jitprov.core.NewAccount;
import io.jitprov.core.UserStore;
import java.util.Optional;

/**
 * The accounts as they are, for a login that must change nothing: reads go to the store, and
 * what the login would create or update is handed back as if it had been written.
 */
final class PreviewStore implements UserStore {

    private final UserStore store;

    PreviewStore(UserStore store) {
        this.store = store;
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return store.findById(accountId);
    }

    @Override
    public Optional<Account> findByIdentity(String tenantId, String issuer, String subject) {
        return store.findByIdentity(tenantId, issuer, subject);
    }

    @Override
    public Optional<Account> findByEmail(String tenantId, String email) {
        return store.findByEmail(tenantId, email);
    }

    /** The account the login would create; seats are not counted, since nothing is taken. */
    @Override
    public Account create(NewAccount draft, int seatLimit) {
        return new Account(draft.id(), draft.tenantId(), draft.email(), draft.kind(), AccountStatus.ACTIVE,
                draft.attributes(), draft.roles(), draft.identities(), draft.createdAt(), draft.createdAt(), 0,
                draft.lastLoginAt(), draft.emailVerified());
    }

    @Override
    public Account update(Account account) {
        return account;
    }

    @Override
    public void recordLogin(String accountId, java.time.Instant at) {
        // a preview signs nobody in
    }
}
