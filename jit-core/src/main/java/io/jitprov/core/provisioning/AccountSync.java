package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.NewAccount;
import io.jitprov.core.RoleSource;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.tenant.AttributeSync;
import io.jitprov.core.tenant.SyncMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Works out what a login changes in an account: the IdP's attributes and email, and the mapped
 * roles (never the manual ones). Pure: the store is written by the caller.
 */
final class AccountSync {

    /** The account as it should be after the login, and the role changes that make it so. */
    record Change(Account account, Set<String> rolesAdded, Set<String> rolesRemoved, boolean changed) { }

    private AccountSync() {
    }

    static NewAccount newAccount(Login login) {
        Set<AssignedRole> roles = new HashSet<>();
        login.mappedRoles().forEach(role -> roles.add(AssignedRole.mapped(role)));
        return new NewAccount(UUID.randomUUID().toString(), login.tenant().id(), login.verifiedEmail(),
                login.identity().kind(), login.attributes(), roles, List.of(login.externalIdentity()), login.now(),
                login.now());
    }

    /** A returning login: applies the IdP's data when the tenant syncs on every login. */
    static Change returning(Account account, Login login) {
        if (login.tenant().syncMode() == SyncMode.IMPORT) {
            return new Change(account, Set.of(), Set.of(), false);
        }
        return apply(account, login);
    }

    /** A first login through {@code login}'s identity into an existing account: imports like a first login. */
    static Change link(Account account, Login login) {
        List<ExternalIdentity> identities = new ArrayList<>(account.identities());
        identities.add(login.externalIdentity());
        Change synced = apply(account.withIdentities(identities), login);
        return new Change(synced.account(), synced.rolesAdded(), synced.rolesRemoved(), true);
    }

    private static Change apply(Account account, Login login) {
        // A login without a verified email keeps the account's email, and whether it was verified.
        String email = login.verifiedEmail() != null ? login.verifiedEmail() : account.email();
        boolean verified = login.verifiedEmail() != null || account.emailVerified();
        Set<String> before = account.mappedRoleNames();
        Set<String> after = new TreeSet<>(login.mappedRoles());
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);

        Set<AssignedRole> roles = new HashSet<>();
        account.roles().stream().filter(r -> r.source() != RoleSource.MAPPED).forEach(roles::add);
        after.forEach(role -> roles.add(AssignedRole.mapped(role)));

        ValidatedAttributes attributes = attributes(account, login);
        boolean changed = !added.isEmpty() || !removed.isEmpty() || !Objects.equals(email, account.email())
                || verified != account.emailVerified() || !account.attributes().equals(attributes);
        if (!changed) {
            return new Change(account, Set.of(), Set.of(), false);
        }
        Account updated = account.withEmail(email, verified).withAttributes(attributes).withRoles(roles);
        return new Change(updated, added, removed, true);
    }

    /** The account's attributes after the login, each following the tenant's {@link AttributeSync} for it. */
    private static ValidatedAttributes attributes(Account account, Login login) {
        if (login.tenant().overwritesEveryAttribute() && account.attributes().values(Account.LOCAL_EDITS).isEmpty()) {
            return login.attributes(); // the common case, on every returning login: the IdP's values as they are
        }
        Map<String, List<String>> stored = account.attributes().asMap();
        Map<String, List<String>> sent = login.attributes().asMap();
        Set<String> edited = account.locallyEdited();
        Set<String> names = new LinkedHashSet<>(sent.keySet());
        names.addAll(stored.keySet());
        names.addAll(edited); // a local removal has no values but is still an edit
        names.remove(Account.LOCAL_EDITS);
        Map<String, List<String>> result = new LinkedHashMap<>();
        Set<String> stillEdited = new TreeSet<>();
        for (String name : names) {
            AttributeSync sync = login.tenant().attributeSync(name);
            boolean keepStored = switch (sync) {
                case IMPORT_ONCE -> stored.containsKey(name) || edited.contains(name);
                case KEEP_LOCAL_EDITS -> edited.contains(name);
                case OVERWRITE -> false;
            };
            List<String> values = keepStored ? stored.get(name) : sent.get(name);
            if (values != null && !values.isEmpty()) {
                result.put(name, values);
            }
            if (keepStored && edited.contains(name)) {
                stillEdited.add(name);
            }
        }
        if (!stillEdited.isEmpty()) {
            result.put(Account.LOCAL_EDITS, List.copyOf(stillEdited));
        }
        return ValidatedAttributes.of(result);
    }
}
