package io.jitprov.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UserStore} that can also list and delete accounts: what deprovisioning, the access
 * sweep, access reviews and SCIM need beyond logins. jit's own stores are directories; a store of
 * an application's own need only be one where those features are used.
 *
 * @since 0.1
 */
public interface UserDirectory extends UserStore {

    /**
     * Up to {@code limit} accounts of {@code tenantId} whose id sorts after {@code afterId}
     * ({@code null}: from the first), in id order.
     */
    List<Account> list(String tenantId, @Nullable String afterId, int limit);

    /** Removes the account and its identities; a no-op when it does not exist. */
    void delete(String accountId);
}
