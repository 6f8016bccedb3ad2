package io.jitprov.core.wiring;

import io.jitprov.core.ReplayCache;
import io.jitprov.core.UserDirectory;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.delegation.DelegationStore;
import io.jitprov.core.delegation.Delegations;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.GrantHistory;
import io.jitprov.core.memory.InMemoryDelegationStore;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Deprovisioner;
import io.jitprov.core.provisioning.Preprovisioner;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.review.AccessReview;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What jit's components share, handed over once: the account store, the audit sink, the replay
 * cache, the grant and delegation stores, and the clock. The builders it hands out come with all
 * of them set, so none can be forgotten (a provisioner on one store and a filter reading another,
 * a verifier falling back to its own in-memory replay cache).
 *
 * <p>{@link #shared()} stores are read by several application nodes at once (the JDBC stores):
 * such a value refuses any in-memory store, which would quietly let a replay or a second grant
 * through on another node.
 *
 * <pre>{@code
 * JitStores stores = JdbcStores.of(dataSource);         // jit-jdbc; or JitStores.inMemory() for tests
 * Provisioner provisioner = stores.provisioner().tenantResolver(resolver).build();
 * Elevation elevation = stores.elevation().tenants(tenants).build();
 * SamlVerifier verifier = SamlVerifier.builder().stores(stores).serviceProvider(sp).identityProviders(idps).build();
 * }</pre>
 *
 * @since 0.1
 */
public final class JitStores {

    private final UserDirectory userStore;
    private final AuditSink auditSink;
    private final ReplayCache replayCache;
    private final GrantHistory grantStore;
    private final DelegationStore delegationStore;
    private final Clock clock;
    private final boolean shared;

    private JitStores(Builder b) {
        this.userStore = Objects.requireNonNull(b.userStore, "userStore cannot be null");
        this.auditSink = b.auditSink;
        this.replayCache = Objects.requireNonNull(b.replayCache, "replayCache cannot be null");
        this.grantStore = Objects.requireNonNull(b.grantStore, "grantStore cannot be null");
        this.delegationStore = Objects.requireNonNull(b.delegationStore, "delegationStore cannot be null");
        this.clock = b.clock;
        this.shared = b.shared;
    }

    /** Every store in this JVM's memory, on the system clock, auditing to SLF4J: tests and one-node trials. */
    public static JitStores inMemory() {
        return inMemory(Clock.systemUTC());
    }

    /** Every store in this JVM's memory, on {@code clock}, auditing to SLF4J. */
    public static JitStores inMemory(Clock clock) {
        return builder().userStore(new InMemoryUserStore()).replayCache(new InMemoryReplayCache(clock,
                        InMemoryReplayCache.DEFAULT_MAX_ENTRIES)).grantStore(new InMemoryGrantStore())
                .delegationStore(new InMemoryDelegationStore()).clock(clock).build();
    }

    /** Starts a value of stores of one's own; every store is required, the clock and audit sink have defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy to change one part of, for example the audit sink. */
    public Builder toBuilder() {
        return builder().userStore(userStore).auditSink(auditSink).replayCache(replayCache).grantStore(grantStore)
                .delegationStore(delegationStore).clock(clock).shared(shared);
    }

    /** The accounts. */
    public UserDirectory userStore() {
        return userStore;
    }

    /** Where every decision is recorded. */
    public AuditSink auditSink() {
        return auditSink;
    }

    /** The SAML assertion ids and OIDC tokens already used. */
    public ReplayCache replayCache() {
        return replayCache;
    }

    /** The elevation grants. */
    public GrantHistory grantStore() {
        return grantStore;
    }

    /** The delegations between tenants. */
    public DelegationStore delegationStore() {
        return delegationStore;
    }

    /** The clock every component reads the time from. */
    public Clock clock() {
        return clock;
    }

    /** Whether several application nodes share these stores. */
    public boolean shared() {
        return shared;
    }

    /** A {@link Provisioner} builder with the account store, the audit sink and the clock set. */
    public Provisioner.Builder provisioner() {
        return Provisioner.builder().userStore(userStore).auditSink(auditSink).clock(clock);
    }

    /** A {@link Preprovisioner} builder with the account store, the audit sink and the clock set. */
    public Preprovisioner.Builder preprovisioner() {
        return Preprovisioner.builder().userStore(userStore).auditSink(auditSink).clock(clock);
    }

    /** A {@link Deprovisioner} builder with the account store, the audit sink and the clock set. */
    public Deprovisioner.Builder deprovisioner() {
        return Deprovisioner.builder().userStore(userStore).auditSink(auditSink).clock(clock);
    }

    /** An {@link Elevation} builder with the account and grant stores, the audit sink and the clock set. */
    public Elevation.Builder elevation() {
        return Elevation.builder().userStore(userStore).grantStore(grantStore).auditSink(auditSink).clock(clock);
    }

    /** A {@link Delegations} builder with the account and delegation stores, the audit sink and the clock set. */
    public Delegations.Builder delegations() {
        return Delegations.builder().userStore(userStore).delegationStore(delegationStore).auditSink(auditSink)
                .clock(clock);
    }

    /** An {@link AccessReview} builder with the account and grant stores and the clock set. */
    public AccessReview.Builder accessReview() {
        return AccessReview.builder().userStore(userStore).grantStore(grantStore).clock(clock);
    }

    /** Configures {@link JitStores}. */
    public static final class Builder {

        private @Nullable UserDirectory userStore;
        private AuditSink auditSink = AuditSink.slf4j();
        private @Nullable ReplayCache replayCache;
        private @Nullable GrantHistory grantStore;
        private @Nullable DelegationStore delegationStore;
        private Clock clock = Clock.systemUTC();
        private boolean shared;

        private Builder() {
        }

        /** The accounts. */
        public Builder userStore(UserDirectory userStore) {
            this.userStore = Objects.requireNonNull(userStore, "userStore cannot be null");
            return this;
        }

        /** Where decisions are recorded; SLF4J by default. */
        public Builder auditSink(AuditSink auditSink) {
            this.auditSink = Objects.requireNonNull(auditSink, "auditSink cannot be null");
            return this;
        }

        /** The replay cache. */
        public Builder replayCache(ReplayCache replayCache) {
            this.replayCache = Objects.requireNonNull(replayCache, "replayCache cannot be null");
            return this;
        }

        /** The grant store. */
        public Builder grantStore(GrantHistory grantStore) {
            this.grantStore = Objects.requireNonNull(grantStore, "grantStore cannot be null");
            return this;
        }

        /** The delegation store. */
        public Builder delegationStore(DelegationStore delegationStore) {
            this.delegationStore = Objects.requireNonNull(delegationStore, "delegationStore cannot be null");
            return this;
        }

        /** The clock; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Whether several application nodes share the stores; then no store may live in one JVM's memory. */
        public Builder shared(boolean shared) {
            this.shared = shared;
            return this;
        }

        /** The value; refuses a missing store, and in-memory stores in a shared value. */
        public JitStores build() {
            if (shared) {
                List<String> local = new ArrayList<>();
                for (Object store : new Object[] {userStore, replayCache, grantStore, delegationStore}) {
                    if (store instanceof InMemoryUserStore || store instanceof InMemoryReplayCache
                            || store instanceof InMemoryGrantStore || store instanceof InMemoryDelegationStore) {
                        local.add(store.getClass().getSimpleName());
                    }
                }
                if (!local.isEmpty()) {
                    throw new IllegalArgumentException("Stores shared by several nodes cannot include " + local
                            + ": each node would keep its own, and a replay or a second grant would pass on another node");
                }
            }
            return new JitStores(this);
        }
    }
}
