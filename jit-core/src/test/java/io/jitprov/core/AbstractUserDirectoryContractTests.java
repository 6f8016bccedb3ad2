package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.tenant.Tenant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour of {@link AbstractUserStoreContractTests}, and what deprovisioning, sweeps,
 * reviews and SCIM rely on from a {@link UserDirectory}: listing a tenant's accounts page by page,
 * and deleting. Subclass it for a store that is a directory.
 *
 * @since 0.1
 */
public abstract class AbstractUserDirectoryContractTests extends AbstractUserStoreContractTests {

    /** A directory to test; called before each test. */
    @Override
    protected abstract UserDirectory createStore();

    private UserDirectory directory() {
        return (UserDirectory) store();
    }

    @Test
    void listPagesThroughOneTenantInIdOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create("p" + i + "@acme.test", "p" + i).id());
        }
        store().create(draft(otherTenant(), "x@acme.test", "x"), Tenant.UNLIMITED_SEATS);
        ids.sort(null);

        List<Account> first = directory().list(tenant(), null, 2);
        List<Account> second = directory().list(tenant(), first.get(1).id(), 2);
        List<Account> last = directory().list(tenant(), second.get(1).id(), 2);

        assertThat(first).extracting(Account::id).containsExactly(ids.get(0), ids.get(1));
        assertThat(second).extracting(Account::id).containsExactly(ids.get(2), ids.get(3));
        assertThat(last).extracting(Account::id).containsExactly(ids.get(4));
        assertThat(first.get(0).roles()).isNotEmpty();
    }

    @Test
    void deleteThenGoneAndItsKeysFree() {
        Account account = create("alice@acme.test", "alice");

        directory().delete(account.id());

        assertThat(store().findById(account.id())).isEmpty();
        assertThat(store().findByIdentity(tenant(), IDP, "alice")).isEmpty();
        assertThat(create("alice@acme.test", "alice")).isNotNull();
        directory().delete("no-such-account");
    }
}
