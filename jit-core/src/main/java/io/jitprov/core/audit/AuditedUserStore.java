package io.jitprov.core.audit;

import io.jitprov.core.Account;
import io.jitprov.core.NewAccount;
import io.jitprov.core.UserStore;

/**
 * A {@link UserStore} that keeps the audit trail in its own database, and so can record the event
 * of an account write in the write's transaction: the trail then never claims an account that was
 * rolled back, nor misses one that was created. The provisioner writes through these methods when
 * its store has them, and hands the same event to its {@link AuditSink} after the commit; an event
 * is recorded once however many times it arrives, because its id is its key.
 *
 * @since 0.1
 */
public interface AuditedUserStore extends UserStore {

    /** {@link #create(NewAccount, int)}, recording {@code event} in the same transaction. */
    Account create(NewAccount account, int seatLimit, AuditEvent event);

    /** {@link #update(Account)}, recording {@code event} in the same transaction. */
    Account update(Account account, AuditEvent event);
}
