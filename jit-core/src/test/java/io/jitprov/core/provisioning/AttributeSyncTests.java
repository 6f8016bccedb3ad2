package io.jitprov.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.Account;
import io.jitprov.core.MutableClock;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.AttributeSync;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-attribute sync on returning logins: overwrite, import once, keep local edits. */
class AttributeSyncTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final InMemoryUserStore accounts = new InMemoryUserStore(clock);

    private Provisioner provisioner(Tenant tenant) {
        return Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), TenantDirectory.of(tenant)))
                .userStore(accounts).auditSink(AuditSink.NONE).clock(clock).build();
    }

    private static VerifiedIdentity alice(String givenName, String displayName) {
        return TestIdentities.alice().attributes(a -> {
            a.put("given_name", List.of(givenName));
            a.put("name", List.of(displayName));
        }).build();
    }

    private Account editLocally(Account account, String name, String... values) {
        return accounts.update(accounts.findById(account.id()).orElseThrow().withLocalEdit(name, List.of(values)));
    }

    private Account login(Provisioner provisioner, VerifiedIdentity identity) {
        return provisioner.provision(identity).account().orElseThrow();
    }

    @Test
    void byDefaultTheIdpOverwritesLocalEditsOnEveryLogin() {
        Provisioner provisioner = provisioner(TestTenants.acme().build());
        Account alice = login(provisioner, alice("Alice", "Alice Liddell"));
        editLocally(alice, "given_name", "Ali");

        Account after = login(provisioner, alice("Alice", "Alice Liddell"));

        assertThat(after.attributes().first("given_name")).contains("Alice");
        assertThat(after.locallyEdited()).isEmpty();
    }

    @Test
    void keepLocalEditsKeepsAnEditedAttributeAndFollowsTheIdpForTheOthers() {
        Provisioner provisioner = provisioner(TestTenants.acme()
                .attributeSync("given_name", AttributeSync.KEEP_LOCAL_EDITS)
                .attributeSync("name", AttributeSync.KEEP_LOCAL_EDITS).build());
        Account alice = login(provisioner, alice("Alice", "Alice Liddell"));
        editLocally(alice, "given_name", "Ali");

        Account after = login(provisioner, alice("Alicia", "Alicia Liddell"));

        assertThat(after.attributes().first("given_name")).contains("Ali");
        assertThat(after.attributes().first("name")).contains("Alicia Liddell");
        assertThat(after.locallyEdited()).containsExactly("given_name");

        accounts.update(after.withoutLocalEdit("given_name"));
        assertThat(login(provisioner, alice("Alicia", "Alicia Liddell")).attributes().first("given_name"))
                .contains("Alicia");
    }

    @Test
    void aLocalRemovalIsAnEditToo() {
        Provisioner provisioner = provisioner(TestTenants.acme().attributeSync("name", AttributeSync.KEEP_LOCAL_EDITS)
                .build());
        Account alice = login(provisioner, alice("Alice", "Alice Liddell"));
        editLocally(alice, "name");

        Account after = login(provisioner, alice("Alice", "Alice Liddell"));

        assertThat(after.attributes().values("name")).isEmpty();
        assertThat(after.locallyEdited()).containsExactly("name");
    }

    @Test
    void importOnceTakesTheFirstValueAndFillsInWhatWasMissingButNeverChangesIt() {
        Provisioner provisioner = provisioner(TestTenants.acme().attributeSync("given_name", AttributeSync.IMPORT_ONCE)
                .attributeSync("family_name", AttributeSync.IMPORT_ONCE).build());
        login(provisioner, alice("Alice", "Alice Liddell"));

        Account after = login(provisioner, TestIdentities.alice().attributes(a -> {
            a.put("given_name", List.of("Alicia"));
            a.put("family_name", List.of("Liddell"));
        }).build());

        assertThat(after.attributes().first("given_name")).contains("Alice");
        assertThat(after.attributes().first("family_name")).contains("Liddell");
        assertThat(after.attributes().values("name")).isEmpty(); // overwritten: the IdP stopped sending it
    }

    @Test
    void rolesFollowTheGroupsWhateverTheAttributesDo() {
        Provisioner provisioner = provisioner(TestTenants.acme().attributeSync("groups", AttributeSync.IMPORT_ONCE)
                .build());
        assertThat(login(provisioner, alice("Alice", "A")).roleNames()).contains("developer");

        Account after = login(provisioner, TestIdentities.alice().attributes(a -> a.put("groups", List.of("acme-staff")))
                .build());

        assertThat(after.roleNames()).containsExactly("member");
    }
}
