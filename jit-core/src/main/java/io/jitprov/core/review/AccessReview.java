package io.jitprov.core.review;

import io.jitprov.core.Account;
import io.jitprov.core.UserDirectory;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.GrantHistory;
import io.jitprov.core.internal.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's access review: every account with its roles and where each came from, its last
 * login, its active and past grants with requester, approvers and justification, and whether it
 * was never used within {@code neverUsedAfter} of its creation. Written as JSON or CSV, a page of
 * accounts at a time, so a large tenant is never held in memory whole.
 *
 * <pre>{@code
 * AccessReview review = AccessReview.builder().userStore(accounts).grantStore(grants).build();
 * review.writeCsv("acme", writer);
 * }</pre>
 *
 * @since 0.1
 */
public final class AccessReview {

    private static final int PAGE = 200;

    private final UserDirectory accounts;
    private final @Nullable GrantHistory grants;
    private final Clock clock;
    private final Duration neverUsedAfter;

    private AccessReview(Builder b) {
        this.accounts = Objects.requireNonNull(b.accounts, "userStore must be set");
        this.grants = b.grants;
        this.clock = b.clock;
        this.neverUsedAfter = b.neverUsedAfter;
    }

    /** Starts a review; the user store is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One account under review.
     *
     * @param account the account as stored
     * @param grants its grants, open and ended, oldest first
     * @param neverUsed whether it has not signed in although created longer than {@code neverUsedAfter} ago
     */
    public record ReviewedAccount(Account account, List<AccessGrant> grants, boolean neverUsed) {

        /** Refuses a missing account; copies the grants. */
        public ReviewedAccount {
            Objects.requireNonNull(account, "account cannot be null");
            grants = List.copyOf(grants);
        }
    }

    /** Every account of the tenant, in id order. */
    public List<ReviewedAccount> accounts(String tenantId) {
        List<ReviewedAccount> all = new ArrayList<>();
        forEach(tenantId, clock.instant(), all::add);
        return all;
    }

    /**
     * Writes the review as one JSON object: {@code tenant}, {@code generatedAt},
     * {@code neverUsedAfter} and {@code accounts}.
     *
     * @throws UncheckedIOException when {@code out} fails
     */
    public void writeJson(String tenantId, Appendable out) {
        Instant now = clock.instant();
        ReviewJson json = new ReviewJson(out);
        json.begin(tenantId, now, neverUsedAfter);
        forEach(tenantId, now, json::account);
        json.end();
    }

    /**
     * Writes the review as CSV (RFC 4180): one row per role held or grant asked for, and one for
     * an account that has neither. Cells that a spreadsheet would run as a formula are defused.
     */
    public void writeCsv(String tenantId, Appendable out) {
        Instant now = clock.instant();
        ReviewCsv csv = new ReviewCsv(out);
        csv.header();
        forEach(tenantId, now, csv::account);
    }

    private void forEach(String tenantId, Instant now, Consumer<ReviewedAccount> each) {
        String after = null;
        while (true) {
            List<Account> page = accounts.list(tenantId, after, PAGE);
            for (Account account : page) {
                List<AccessGrant> held = grants == null ? new ArrayList<>() : new ArrayList<>(grants.findByAccount(account.id()));
                held.sort(Comparator.comparing(AccessGrant::requestedAt));
                each.accept(new ReviewedAccount(account, held, neverUsed(account, now)));
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private boolean neverUsed(Account account, Instant now) {
        return account.lastLoginAt() == null && !now.isBefore(account.createdAt().plus(neverUsedAfter));
    }

    static void append(Appendable out, CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException("The access review could not be written", e);
        }
    }

    /** Configures an {@link AccessReview}. */
    public static final class Builder {

        private @Nullable UserDirectory accounts;
        private @Nullable GrantHistory grants;
        private Clock clock = Clock.systemUTC();
        private Duration neverUsedAfter = Duration.ofDays(30);

        private Builder() {
        }

        /** The accounts, which the review lists. */
        public Builder userStore(UserDirectory accounts) {
            this.accounts = accounts;
            return this;
        }

        /** The grants to include; without it the review shows roles only. */
        public Builder grantStore(@Nullable GrantHistory grants) {
            this.grants = grants;
            return this;
        }

        /** Accounts created longer ago than this and never signed in are flagged; 30 days by default. */
        public Builder neverUsedAfter(Duration neverUsedAfter) {
            this.neverUsedAfter = Durations.notNegative("neverUsedAfter", neverUsedAfter);
            return this;
        }

        /** The clock {@code neverUsed} and {@code generatedAt} are taken from; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** The review. */
        public AccessReview build() {
            return new AccessReview(this);
        }
    }
}
