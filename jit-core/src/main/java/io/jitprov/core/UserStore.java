package io.jitprov.core;

import java.time.Instant;
import java.util.Optional;

/**
 * Where accounts live. Implementations must be thread-safe and must enforce, atomically and
 * across every node that shares the store, two unique keys: an external identity (issuer,
 * subject) belongs to at most one account per tenant, and a normalised email to at most one
 * account per tenant. The {@link io.jitprov.core.provisioning.Provisioner} relies on these keys, not on locks, to make two racing first
 * logins produce one account.
 *
 * <p>{@code create} and {@code update} write everything they are given or nothing. This is what
 * logins need; deprovisioning, sweeps, reviews and SCIM also list and delete accounts, which a
 * {@link UserDirectory} adds.
 *
 * @since 0.1
 */
public interface UserStore {

    /** The account with this id, if any. */
    Optional<Account> findById(String accountId);

    /** The account that {@code (issuer, subject)} logs in to within {@code tenantId}. */
    Optional<Account> findByIdentity(String tenantId, String issuer, String subject);

    /** The account of {@code tenantId} with this normalised email. */
    Optional<Account> findByEmail(String tenantId, String email);

    /**
     * Creates the account with its identities and roles, as long as the tenant then has at most
     * {@code seatLimit} active accounts.
     *
     * @throws DuplicateAccountException when an identity or the email is taken
     * @throws SeatLimitReachedException when the tenant already has {@code seatLimit} active accounts
     * @throws JitStoreException when the store failed; nothing was written
     */
    Account create(NewAccount account, int seatLimit);

    /**
     * Replaces the stored account with {@code account}, provided the stored version still equals
     * {@code account.version()}; returns it with the next version.
     *
     * @throws StaleAccountException when the account changed (or vanished) since it was read
     * @throws DuplicateAccountException when an added identity or the new email is taken
     * @throws JitStoreException when the store failed; nothing was written
     */
    Account update(Account account);

    /**
     * Notes that the account signed in at {@code at}; never moves the time back and does not change
     * the account's version. Stores that do not keep the last login ignore it, and then cannot
     * tell inactive accounts from active ones.
     */
    default void recordLogin(String accountId, Instant at) {
    }

    /** Disables the account, whatever its version; returns it, or empty when it does not exist. */
    default Optional<Account> disable(String accountId) {
        for (int attempt = 0; ; attempt++) {
            Optional<Account> current = findById(accountId);
            if (current.isEmpty() || !current.get().active()) {
                return current;
            }
            try {
                return Optional.of(update(current.get().withStatus(AccountStatus.DISABLED)));
            } catch (StaleAccountException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }
}
