package io.jitprov.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Wraps a real store and counts the writes that reach it. */
public class CountingUserStore implements UserDirectory {

    private final UserDirectory delegate;
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();

    public CountingUserStore(UserDirectory delegate) {
        this.delegate = delegate;
    }

    public int writes() {
        return creates.get() + updates.get();
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return delegate.findById(accountId);
    }

    @Override
    public Optional<Account> findByIdentity(String tenantId, String issuer, String subject) {
        return delegate.findByIdentity(tenantId, issuer, subject);
    }

    @Override
    public Optional<Account> findByEmail(String tenantId, String email) {
        return delegate.findByEmail(tenantId, email);
    }

    @Override
    public Account create(NewAccount account, int seatLimit) {
        creates.incrementAndGet();
        return delegate.create(account, seatLimit);
    }

    @Override
    public Account update(Account account) {
        updates.incrementAndGet();
        return delegate.update(account);
    }

    @Override
    public void delete(String accountId) {
        delegate.delete(accountId);
    }

    @Override
    public List<Account> list(String tenantId, @Nullable String afterId, int limit) {
        return delegate.list(tenantId, afterId, limit);
    }
}
