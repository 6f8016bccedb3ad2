package io.jitprov.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.Account;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.core.wiring.JitStores;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcStoresTests {

    private final HikariDataSource dataSource = TestDatabases.h2InMemory();

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void ofWhenTwoNodesShareADatabaseThenEveryStoreIsSharedAndOneNodesLoginIsTheOthersAccount() {
        JitStores nodeA = JdbcStores.of(dataSource);
        JitStores nodeB = JdbcStores.of(dataSource);
        TenantDirectory tenants = TenantDirectory.of(TestTenants.acme().build());

        Account alice = nodeA.provisioner().tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), tenants))
                .build().provision(TestIdentities.alice().build()).account().orElseThrow();

        assertThat(nodeA.shared()).isTrue();
        assertThat(nodeA.userStore()).isInstanceOf(JdbcUserStore.class);
        assertThat(nodeA.replayCache()).isInstanceOf(JdbcReplayCache.class);
        assertThat(nodeA.grantStore()).isInstanceOf(JdbcGrantStore.class);
        assertThat(nodeA.delegationStore()).isInstanceOf(JdbcDelegationStore.class);
        assertThat(nodeA.auditSink()).isInstanceOf(JdbcAuditSink.class);
        assertThat(nodeB.userStore().findById(alice.id())).isPresent();
        assertThat(nodeA.replayCache().firstUse("assertion-1", Instant.now().plusSeconds(60))).isTrue();
        assertThat(nodeB.replayCache().firstUse("assertion-1", Instant.now().plusSeconds(60))).isFalse();
        assertThat(((JdbcAuditSink) nodeB.auditSink()).recent("acme", 10)).isNotEmpty();
    }
}
