package io.jitprov.core.provisioning;

import io.jitprov.core.Account;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.UserDirectory;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The periodic job that keeps the stored state honest. Grants past their expiry are marked expired
 * and requests nobody approved in time expire; access never depends on that, since every check
 * compares grants with the clock, so a sweeper that runs late cannot extend anything. With
 * {@link Builder#accounts}, it also disables accounts not signed in for longer than their tenant's
 * {@link Tenant#inactivityLimit()} and accounts whose {@link Tenant#accessEndAttribute()} date
 * passed (these go through every account of such tenants, so at most once per
 * {@link Builder#accountSweepInterval}). Run {@link #sweep()} every minute or so; several nodes
 * may run it at once.
 *
 * @since 0.1
 */
public final class AccessSweeper {

    private final @Nullable Elevation elevation;
    private final @Nullable TenantDirectory tenants;
    private final @Nullable UserDirectory accounts;
    private final @Nullable Deprovisioner deprovisioner;
    private final Clock clock;
    private final Duration accountSweepInterval;
    private final int batch;
    private volatile Instant lastAccountSweep = Instant.MIN;

    private AccessSweeper(Builder b) {
        this.elevation = b.elevation;
        this.tenants = b.tenants;
        this.accounts = b.accounts;
        this.deprovisioner = b.deprovisioner;
        this.clock = b.clock;
        this.accountSweepInterval = b.accountSweepInterval;
        this.batch = b.batch;
    }

    /** Starts a sweeper. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What one sweep did.
     *
     * @param grantsEnded grants and requests marked expired
     * @param accountsDisabled accounts disabled for inactivity or because their access ended
     */
    public record Report(int grantsEnded, int accountsDisabled) {
    }

    /** Runs one sweep, in batches until nothing is due. */
    public Report sweep() {
        int grants = 0;
        if (elevation != null) {
            int ended;
            do {
                ended = elevation.expireDue(batch);
                grants += ended;
            } while (ended >= batch);
        }
        Instant now = clock.instant();
        int disabled = 0;
        if (deprovisioner != null && !now.isBefore(lastAccountSweep.plus(accountSweepInterval))) {
            lastAccountSweep = now;
            for (Tenant tenant : Objects.requireNonNull(tenants).all()) {
                if (tenant.inactivityLimit().isPresent() || tenant.accessEndAttribute().isPresent()) {
                    disabled += sweepAccounts(tenant, now);
                }
            }
        }
        return new Report(grants, disabled);
    }

    private int sweepAccounts(Tenant tenant, Instant now) {
        int disabled = 0;
        String after = null;
        List<Account> page;
        do {
            page = Objects.requireNonNull(accounts).list(tenant.id(), after, batch);
            for (Account account : page) {
                Optional<JitError> reason = account.active() ? reasonToDisable(tenant, account, now) : Optional.empty();
                if (reason.isPresent()) {
                    Objects.requireNonNull(deprovisioner).disable(account.id(), null, reason.get());
                    disabled++;
                }
                after = account.id();
            }
        } while (page.size() >= batch);
        return disabled;
    }

    private static Optional<JitError> reasonToDisable(Tenant tenant, Account account, Instant now) {
        Optional<JitError> ended = AccessEnd.check(tenant, account.attributes(), now);
        if (ended.isPresent()) {
            return ended;
        }
        Instant lastSeen = account.lastLoginAt() != null ? account.lastLoginAt() : account.createdAt();
        return tenant.inactivityLimit().filter(limit -> !lastSeen.plus(limit).isAfter(now))
                .map(limit -> new JitError(JitErrorCodes.ACCOUNT_INACTIVE, "Account [" + account.id()
                        + "] was last seen at " + lastSeen + "; tenant [" + tenant.id() + "] disables after " + limit));
    }

    /** Configures an {@link AccessSweeper}. */
    public static final class Builder {

        private @Nullable Elevation elevation;
        private @Nullable TenantDirectory tenants;
        private @Nullable UserDirectory accounts;
        private @Nullable Deprovisioner deprovisioner;
        private Clock clock = Clock.systemUTC();
        private Duration accountSweepInterval = Duration.ofHours(1);
        private int batch = 500;

        private Builder() {
        }

        /** Grants to expire. */
        public Builder elevation(@Nullable Elevation elevation) {
            this.elevation = elevation;
            return this;
        }

        /** Accounts to disable when inactive or past their access end; the store must be able to list them. */
        public Builder accounts(TenantDirectory tenants, UserDirectory accounts, Deprovisioner deprovisioner) {
            this.tenants = Objects.requireNonNull(tenants, "tenants cannot be null");
            this.accounts = Objects.requireNonNull(accounts, "accounts cannot be null");
            this.deprovisioner = Objects.requireNonNull(deprovisioner, "deprovisioner cannot be null");
            return this;
        }

        /** The clock expiries and inactivity are measured with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** The least time between two passes over the accounts; one hour by default. */
        public Builder accountSweepInterval(Duration interval) {
            this.accountSweepInterval = Objects.requireNonNull(interval, "interval cannot be null");
            return this;
        }

        /** How many grants or accounts one store query returns; 500 by default. */
        public Builder batch(int batch) {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be positive, not " + batch);
            }
            this.batch = batch;
            return this;
        }

        /** The sweeper; without an elevation or accounts it has nothing to sweep. */
        public AccessSweeper build() {
            return new AccessSweeper(this);
        }
    }
}
