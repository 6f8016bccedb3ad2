package io.jitprov.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.Account;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningOutcome;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two application nodes, each with its own pool and Provisioner, on one real PostgreSQL. */
class MultiNodeProvisioningTests {

    private final List<HikariDataSource> pools = new ArrayList<>();
    private String tenantId;
    private String domain;

    @BeforeEach
    void tenant() {
        tenantId = "t-" + UUID.randomUUID();
        domain = tenantId + ".test";
    }

    @AfterEach
    void close() {
        pools.forEach(HikariDataSource::close);
    }

    private Provisioner node(HikariDataSource pool) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified(tenantId, domain, false);
        Tenant tenant = Tenant.withId(tenantId).trustedIssuers("https://idp.acme.test")
                .roleMapping(RoleMapping.builder().defaultRoles("member").build()).build();
        return Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(tenant)))
                .userStore(JdbcUserStore.builder(pool).auditInSameTransaction(true).build())
                .auditSink(JdbcAuditSink.of(pool))
                .build();
    }

    private HikariDataSource pool(String url) {
        // A short connection timeout: the outage test waits for it on every refused login.
        HikariDataSource pool = TestDatabases.pool(url, 16, 750);
        JdbcSchema.install(pool);
        pools.add(pool);
        return pool;
    }

    private VerifiedIdentity person(String subject) {
        return VerifiedIdentity.issuedBy("https://idp.acme.test").subject(subject)
                .attribute("email", subject + "@" + domain).emailVerified(true).build();
    }

    @Test
    void provisionWhen64LoginsOfOneNewPersonRaceAcrossTwoNodesThenOneAccountAnd64Successes() throws Exception {
        String url = TestDatabases.postgresUrl();
        Provisioner first = node(pool(url));
        Provisioner second = node(pool(url));

        List<ProvisioningResult> results = race(64, i -> (i % 2 == 0 ? first : second).provision(person("alice")));

        assertThat(results).noneMatch(ProvisioningResult::refused);
        assertThat(results).filteredOn(r -> r.outcome() == ProvisioningOutcome.CREATED).hasSize(1);
        assertThat(results).extracting(r -> r.account().orElseThrow().id()).containsOnly(
                results.get(0).account().orElseThrow().id());
        assertThat(count("SELECT COUNT(*) FROM jit_account WHERE tenant_id = ?")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM jit_audit_event WHERE tenant_id = ? AND outcome = 'created'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM jit_audit_event WHERE tenant_id = ?")).isEqualTo(64);
    }

    @Test
    void provisionWhenReturningLoginChangesNothingThenTheAccountRowIsNotWritten() throws Exception {
        Provisioner node = node(pool(TestDatabases.postgresUrl()));
        Account created = node.provision(person("bob")).account().orElseThrow();

        ProvisioningResult again = node.provision(person("bob"));

        assertThat(again.outcome()).isEqualTo(ProvisioningOutcome.UNCHANGED);
        assertThat(count("SELECT MAX(version) FROM jit_account WHERE tenant_id = ?")).isEqualTo(created.version());
    }

    @Test
    void provisionWhenDatabaseGoesAwayMidRunThenTypedFailuresNoPartialRowsAndRecovery() throws Exception {
        URI url = URI.create(TestDatabases.postgresUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(url.getHost(), url.getPort())) {
            String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + url.getPath() + "?" + url.getQuery();
            Provisioner node = node(pool(proxied));
            assertThat(node.provision(person("before")).outcome()).isEqualTo(ProvisioningOutcome.CREATED);

            proxy.cut();
            for (int i = 0; i < 5; i++) {
                String subject = "during-" + i;
                assertThatThrownBy(() -> node.provision(person(subject)))
                        .isInstanceOfSatisfying(JitStoreException.class,
                                e -> assertThat(e.code()).isEqualTo(JitErrorCodes.STORE_UNAVAILABLE));
            }
            assertThat(count("SELECT COUNT(*) FROM jit_account WHERE tenant_id = ?")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM jit_identity i JOIN jit_account a ON a.id = i.account_id"
                    + " WHERE a.tenant_id = ?")).isEqualTo(1);

            proxy.restore();
            assertThat(eventually(() -> node.provision(person("after")).outcome())).isEqualTo(ProvisioningOutcome.CREATED);
            assertThat(count("SELECT COUNT(*) FROM jit_account WHERE tenant_id = ?")).isEqualTo(2);
        }
    }

    /** Calls until the pool has replaced its broken connections; at most ten seconds. */
    private static <T> T eventually(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return call.call();
            } catch (JitStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private long count(String sql) throws Exception {
        try (HikariDataSource direct = TestDatabases.pool(TestDatabases.postgresUrl(), 1);
                Connection c = direct.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static List<ProvisioningResult> race(int threads, java.util.function.IntFunction<ProvisioningResult> login)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ProvisioningResult>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return login.apply(n);
                }));
            }
            start.countDown();
            List<ProvisioningResult> results = new ArrayList<>();
            for (Future<ProvisioningResult> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
