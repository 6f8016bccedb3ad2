package io.jitprov.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.jitprov.core.Account;
import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.MutableClock;
import io.jitprov.core.RecordingAuditSink;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.ElevationRequest;
import io.jitprov.core.memory.InMemoryDelegationStore;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JitStoresTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");

    @Test
    void buildersHandedOutShareTheStoresTheAuditSinkAndTheClock() {
        RecordingAuditSink audit = new RecordingAuditSink();
        JitStores stores = JitStores.inMemory(clock).toBuilder().auditSink(audit).build();
        TenantDirectory tenants = TenantDirectory.of(TestTenants.acme()
                .elevation(ElevationRule.forRole("deployer").eligibleGroups("acme-eng").build()).build());

        Account alice = stores.provisioner().tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), tenants))
                .build().provision(TestIdentities.alice().attribute("groups", "acme-eng").build()).account().orElseThrow();
        AccessGrant grant = stores.elevation().tenants(tenants).build().request(new ElevationRequest(alice.id(), "deployer",
                Duration.ofMinutes(10), null, null, AuthenticationContext.unknown(), null));

        assertThat(stores.userStore().findById(alice.id())).isPresent();
        assertThat(stores.grantStore().findById(grant.id())).isPresent();
        assertThat(audit.events).extracting(e -> e.time()).containsOnly(clock.instant());
        assertThat(stores.shared()).isFalse();
    }

    @Test
    void buildWhenSharedAndAStoreLivesInOneJvmThenRefusedNamingIt() {
        JitStores.Builder shared = JitStores.inMemory(clock).toBuilder().shared(true);

        assertThatIllegalArgumentException().isThrownBy(shared::build)
                .withMessageContaining("InMemoryUserStore").withMessageContaining("InMemoryReplayCache")
                .withMessageContaining("InMemoryGrantStore").withMessageContaining("InMemoryDelegationStore");
    }

    @Test
    void buildWhenAStoreIsMissingThenRefusedNamingIt() {
        assertThatNullPointerException().isThrownBy(() -> JitStores.builder().userStore(new InMemoryUserStore())
                .replayCache(new InMemoryReplayCache()).delegationStore(new InMemoryDelegationStore()).build())
                .withMessage("grantStore cannot be null");
        assertThat(JitStores.builder().userStore(new InMemoryUserStore()).replayCache(new InMemoryReplayCache())
                .grantStore(new InMemoryGrantStore()).delegationStore(new InMemoryDelegationStore()).build().clock())
                .isNotNull();
    }
}
