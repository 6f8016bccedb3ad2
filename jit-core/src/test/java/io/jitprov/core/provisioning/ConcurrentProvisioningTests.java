package io.jitprov.core.provisioning;

import static io.jitprov.core.TestIdentities.alice;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.RecordingAuditSink;
import io.jitprov.core.TestTenants;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

class ConcurrentProvisioningTests {

    private static final int THREADS = 32;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final InMemoryUserStore accounts = new InMemoryUserStore();
    private final RecordingAuditSink audit = new RecordingAuditSink();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Provisioner provisioner(Tenant tenant) {
        return Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), TenantDirectory.of(tenant)))
                .userStore(accounts).auditSink(audit).build();
    }

    @RepeatedTest(20)
    void provisionWhen32ThreadsRaceTheSameFirstLoginThenOneAccountAnd32Successes() throws Exception {
        Provisioner provisioner = provisioner(TestTenants.acme().build());

        List<ProvisioningResult> results = race(i -> alice().build(), provisioner);

        assertThat(accounts.size()).isEqualTo(1);
        assertThat(results).noneMatch(ProvisioningResult::refused);
        assertThat(results).filteredOn(r -> r.outcome() == ProvisioningOutcome.CREATED).hasSize(1);
        assertThat(results).extracting(r -> r.account().orElseThrow().id()).containsOnly(accounts.accountsOf("acme").get(0).id());
        assertThat(audit.events).hasSize(THREADS);
    }

    @RepeatedTest(20)
    void provisionWhen32ThreadsRaceWithTenSeatsThenExactlyTenAccounts() throws Exception {
        Provisioner provisioner = provisioner(TestTenants.acme().seatLimit(10).build());

        List<ProvisioningResult> results = race(i -> alice().subject("person-" + i)
                .attributes(a -> a.put("email", List.of("person-" + i + "@acme.test"))).build(), provisioner);

        assertThat(accounts.size()).isEqualTo(10);
        assertThat(results).filteredOn(r -> r.outcome() == ProvisioningOutcome.CREATED).hasSize(10);
        assertThat(results).filteredOn(ProvisioningResult::refused)
                .hasSize(THREADS - 10)
                .allMatch(r -> r.refusal().orElseThrow().code().equals(JitErrorCodes.SEAT_LIMIT_REACHED));
    }

    @RepeatedTest(20)
    void provisionWhen32ThreadsRaceAReturningLoginWithChangedGroupsThenOneUpdate() throws Exception {
        Provisioner provisioner = provisioner(TestTenants.acme().build());
        provisioner.provision(alice().build());

        List<ProvisioningResult> results = race(i -> alice().attribute("groups", "acme-admins").build(), provisioner);

        assertThat(results).filteredOn(r -> r.outcome() == ProvisioningOutcome.UPDATED).hasSize(1);
        assertThat(results).noneMatch(ProvisioningResult::refused);
        assertThat(accounts.accountsOf("acme")).singleElement()
                .satisfies(a -> assertThat(a.roleNames()).contains("admin"));
    }

    /** Starts every login at once, from THREADS threads. */
    private List<ProvisioningResult> race(IntFunction<VerifiedIdentity> identities, Provisioner provisioner)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ProvisioningResult>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            VerifiedIdentity identity = identities.apply(i);
            Callable<ProvisioningResult> login = () -> {
                start.await();
                return provisioner.provision(identity);
            };
            futures.add(pool.submit(login));
        }
        start.countDown();
        List<ProvisioningResult> results = new ArrayList<>();
        for (Future<ProvisioningResult> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }
}
