package io.jitprov.core.memory;

import io.jitprov.core.Account;
import io.jitprov.core.AccountStatus;
import io.jitprov.core.DuplicateAccountException;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.NewAccount;
import io.jitprov.core.SeatLimitReachedException;
import io.jitprov.core.StaleAccountException;
import io.jitprov.core.UserDirectory;
import io.jitprov.core.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UserStore} in this JVM's memory: for tests, and for single-node applications that
 * keep accounts elsewhere. Reads never block; writes are serialised, so the unique keys and the
 * seat limit hold under any concurrency.
 *
 * @since 0.1
 */
public final class InMemoryUserStore implements UserDirectory {

    private record IdentityKey(String tenantId, String issuer, String subject) { }

    private record EmailKey(String tenantId, String email) { }

    private final Clock clock;
    private final Map<String, Account> byId = new ConcurrentHashMap<>();
    private final Map<IdentityKey, String> byIdentity = new ConcurrentHashMap<>();
    private final Map<EmailKey, String> byEmail = new ConcurrentHashMap<>();
    private final Map<String, Integer> activeByTenant = new HashMap<>();

    /** An empty store on the system clock. */
    public InMemoryUserStore() {
        this(Clock.systemUTC());
    }

    /** A store that stamps {@code updatedAt} from {@code clock}. */
    public InMemoryUserStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return Optional.ofNullable(byId.get(accountId));
    }

    @Override
    public Optional<Account> findByIdentity(String tenantId, String issuer, String subject) {
        String id = byIdentity.get(new IdentityKey(tenantId, issuer, subject));
        return id == null ? Optional.empty() : findById(id);
    }

    @Override
    public Optional<Account> findByEmail(String tenantId, String email) {
        String id = byEmail.get(new EmailKey(tenantId, email));
        return id == null ? Optional.empty() : findById(id);
    }

    @Override
    public synchronized Account create(NewAccount draft, int seatLimit) {
        String id = draft.id();
        if (byId.containsKey(id)) {
            throw new IllegalArgumentException("Account [" + id + "] already exists");
        }
        requireFree(id, draft.tenantId(), draft.email(), draft.identities());
        int active = activeByTenant.getOrDefault(draft.tenantId(), 0);
        if (active >= seatLimit) {
            throw new SeatLimitReachedException("Tenant [" + draft.tenantId() + "] has " + active
                    + " active accounts, its limit is " + seatLimit);
        }
        Account account = new Account(id, draft.tenantId(), draft.email(), draft.kind(), AccountStatus.ACTIVE,
                draft.attributes(), draft.roles(), draft.identities(), draft.createdAt(), draft.createdAt(), 0,
                draft.lastLoginAt(), draft.emailVerified());
        index(account);
        return account;
    }

    @Override
    public synchronized Account update(Account account) {
        Account stored = byId.get(account.id());
        if (stored == null || stored.version() != account.version()) {
            throw new StaleAccountException("Account [" + account.id() + "] changed since version "
                    + account.version() + " was read");
        }
        if (!stored.tenantId().equals(account.tenantId())) {
            throw new IllegalArgumentException("An account cannot move to another tenant");
        }
        requireFree(account.id(), account.tenantId(), account.email(), account.identities());
        Account updated = new Account(account.id(), account.tenantId(), account.email(), account.kind(),
                account.status(), account.attributes(), account.roles(), account.identities(),
                stored.createdAt(), clock.instant(), stored.version() + 1, stored.lastLoginAt(),
                account.emailVerified());
        // Index the new keys before dropping the old, so lock-free readers never miss the account.
        index(updated);
        dropKeysNoLongerHeld(stored, updated);
        return updated;
    }

    @Override
    public synchronized void delete(String accountId) {
        Account stored = byId.get(accountId);
        if (stored != null) {
            unindex(stored);
        }
    }

    @Override
    public synchronized void recordLogin(String accountId, Instant at) {
        Account stored = byId.get(accountId);
        if (stored != null && (stored.lastLoginAt() == null || stored.lastLoginAt().isBefore(at))) {
            byId.put(accountId, new Account(stored.id(), stored.tenantId(), stored.email(), stored.kind(),
                    stored.status(), stored.attributes(), stored.roles(), stored.identities(), stored.createdAt(),
                    stored.updatedAt(), stored.version(), at, stored.emailVerified()));
        }
    }

    @Override
    public List<Account> list(String tenantId, @Nullable String afterId, int limit) {
        return byId.values().stream().filter(a -> a.tenantId().equals(tenantId))
                .filter(a -> afterId == null || a.id().compareTo(afterId) > 0)
                .sorted(Comparator.comparing(Account::id)).limit(limit).toList();
    }

    /** How many accounts the store holds, in every tenant. */
    public int size() {
        return byId.size();
    }

    /** Every account of {@code tenantId}, in no particular order. */
    public List<Account> accountsOf(String tenantId) {
        List<Account> result = new ArrayList<>();
        byId.values().stream().filter(a -> a.tenantId().equals(tenantId)).forEach(result::add);
        return result;
    }

    private void requireFree(String accountId, String tenantId, @Nullable String email,
            List<ExternalIdentity> identities) {
        for (ExternalIdentity identity : identities) {
            String owner = byIdentity.get(new IdentityKey(tenantId, identity.issuer(), identity.subject()));
            if (owner != null && !owner.equals(accountId)) {
                throw new DuplicateAccountException(DuplicateAccountException.Key.IDENTITY,
                        "Identity [" + identity.subject() + "] of [" + identity.issuer() + "] already has an account in tenant ["
                                + tenantId + "]");
            }
        }
        if (email != null) {
            String owner = byEmail.get(new EmailKey(tenantId, email));
            if (owner != null && !owner.equals(accountId)) {
                throw new DuplicateAccountException(DuplicateAccountException.Key.EMAIL,
                        "Email [" + email + "] already belongs to an account of tenant [" + tenantId + "]");
            }
        }
    }

    private void index(Account account) {
        Account previous = byId.put(account.id(), account);
        if (previous != null && previous.active()) {
            activeByTenant.merge(previous.tenantId(), -1, Integer::sum);
        }
        account.identities().forEach(i ->
                byIdentity.put(new IdentityKey(account.tenantId(), i.issuer(), i.subject()), account.id()));
        if (account.email() != null) {
            byEmail.put(new EmailKey(account.tenantId(), account.email()), account.id());
        }
        if (account.active()) {
            activeByTenant.merge(account.tenantId(), 1, Integer::sum);
        }
    }

    private void dropKeysNoLongerHeld(Account before, Account after) {
        before.identities().stream().filter(i -> !after.identities().contains(i)).forEach(i ->
                byIdentity.remove(new IdentityKey(before.tenantId(), i.issuer(), i.subject())));
        if (before.email() != null && !before.email().equals(after.email())) {
            byEmail.remove(new EmailKey(before.tenantId(), before.email()));
        }
    }

    private void unindex(Account account) {
        account.identities().forEach(i ->
                byIdentity.remove(new IdentityKey(account.tenantId(), i.issuer(), i.subject())));
        if (account.email() != null) {
            byEmail.remove(new EmailKey(account.tenantId(), account.email()));
        }
        if (account.active()) {
            activeByTenant.merge(account.tenantId(), -1, Integer::sum);
        }
        byId.remove(account.id());
    }
}
