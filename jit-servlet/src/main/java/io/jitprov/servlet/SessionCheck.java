package io.jitprov.servlet;

import io.jitprov.core.Account;
import io.jitprov.core.UserStore;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.Elevation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides, on every request, whether the session's login still holds: with the account store, a
 * deleted or disabled account ends it at once, and roles are the account's and its grants' now.
 */
final class SessionCheck {

    private final @Nullable UserStore accounts;
    private final @Nullable Elevation elevation;

    SessionCheck(@Nullable UserStore accounts, @Nullable Elevation elevation) {
        this.accounts = accounts;
        this.elevation = elevation;
    }

    /**
     * The session's principal as of now: with the account store, the account is read again and
     * roles come from it and the grants active now.
     *
     * @throws io.jitprov.core.JitStoreException when the store cannot be read: the caller fails closed
     */
    Optional<JitPrincipal> current(HttpServletRequest request) {
        Optional<JitPrincipal> login = Logins.principal(request);
        if (login.isEmpty() || accounts == null) {
            return login;
        }
        Optional<Account> account = accounts.findById(login.get().accountId()).filter(Account::active);
        if (account.isEmpty()) {
            Logins.logout(request);
            return Optional.empty();
        }
        List<AccessGrant> grants = elevation == null ? List.of() : elevation.activeGrants(account.get().id());
        return Optional.of(login.get().current(account.get(), grants));
    }
}
