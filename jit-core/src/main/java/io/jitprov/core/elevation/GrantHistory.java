package io.jitprov.core.elevation;

import java.util.List;

/**
 * A {@link GrantStore} that also reads an account's past grants: what access reviews need beyond
 * elevation. jit's own grant stores are histories.
 *
 * @since 0.1
 */
public interface GrantHistory extends GrantStore {

    /** Every grant the account ever had, newest first. */
    List<AccessGrant> findByAccount(String accountId);
}
