package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainClaimException;
import io.jitprov.core.tenant.DomainStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DomainStore} must do, whatever keeps the claims: extend it with
 * {@link #createStore()} returning an empty store (or one whose other claims use other domains).
 *
 * @since 0.1
 */
public abstract class AbstractDomainStoreContractTests {

    private static final Instant CLAIMED = Instant.parse("2026-11-30T09:15:30.123456Z");
    private static final Instant VERIFIED = Instant.parse("2026-11-30T10:00:00Z");

    private DomainStore store;
    /** Unique per test, so that a store shared between tests (one database) sees fresh domains. */
    private String domain;

    protected abstract DomainStore createStore();

    @BeforeEach
    void setUp() {
        store = createStore();
        domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example.test";
    }

    private DomainClaim pending(String tenantId, String on) {
        return new DomainClaim(on, tenantId, false, DomainClaim.State.PENDING, DomainClaim.Proof.DNS_TXT,
                "token-" + tenantId, CLAIMED, null);
    }

    private static DomainClaim verified(DomainClaim claim) {
        return new DomainClaim(claim.domain(), claim.tenantId(), claim.includeSubdomains(), DomainClaim.State.VERIFIED,
                claim.proof(), claim.token(), claim.claimedAt(), VERIFIED);
    }

    @Test
    void addWhenNewThenEveryValueIsReadBackAsWritten() {
        DomainClaim claim = new DomainClaim(domain, "acme", true, DomainClaim.State.PENDING,
                DomainClaim.Proof.OPERATOR, "tok-1", CLAIMED, null);

        assertThat(store.add(claim)).isEqualTo(claim);
        assertThat(store.claimsOn(List.of(domain))).containsExactly(claim);
        assertThat(store.claimsOf("acme")).contains(claim);
    }

    @Test
    void addWhenTheTenantAlreadyClaimedTheDomainThenTheFirstClaimStays() {
        DomainClaim first = store.add(pending("acme", domain));
        DomainClaim second = new DomainClaim(domain, "acme", true, DomainClaim.State.PENDING,
                DomainClaim.Proof.DNS_TXT, "other-token", CLAIMED, null);

        assertThat(store.add(second)).isEqualTo(first);
        assertThat(store.claimsOn(List.of(domain))).containsExactly(first);
    }

    @Test
    void addWhenTwoTenantsClaimOneDomainThenBothArePending() {
        store.add(pending("acme", domain));
        store.add(pending("globex", domain));

        assertThat(store.claimsOn(List.of(domain))).extracting(DomainClaim::tenantId)
                .containsExactlyInAnyOrder("acme", "globex");
    }

    @Test
    void claimsOnWhenSeveralDomainsAreAskedThenClaimsOnAnyOfThemInOneAnswer() {
        String parent = domain.substring(domain.indexOf('.') + 1);
        String child = "sub." + domain;
        store.add(pending("acme", domain));
        store.add(pending("acme", child));

        assertThat(store.claimsOn(List.of(child, domain, parent))).extracting(DomainClaim::domain)
                .containsExactlyInAnyOrder(domain, child);
        assertThat(store.claimsOn(List.of())).isEmpty();
    }

    @Test
    void verifyWhenPendingThenReplacedAndTheOtherTenantsPendingClaimsDropped() {
        DomainClaim acme = store.add(pending("acme", domain));
        store.add(pending("globex", domain));

        DomainClaim done = store.verify(verified(acme));

        assertThat(done.verified()).isTrue();
        assertThat(store.claimsOn(List.of(domain))).containsExactly(verified(acme));
        assertThat(store.claimsOf("globex")).noneMatch(c -> c.domain().equals(domain));
    }

    @Test
    void verifyWhenTheTenantHadNoClaimThenItIsAdded() {
        DomainClaim operator = verified(new DomainClaim(domain, "acme", true, DomainClaim.State.PENDING,
                DomainClaim.Proof.OPERATOR, "t", CLAIMED, null));

        store.verify(operator);

        assertThat(store.claimsOn(List.of(domain))).containsExactly(operator);
    }

    @Test
    void verifyWhenAnotherTenantVerifiedTheDomainThenRefusedAndNothingChanges() {
        DomainClaim acme = store.verify(verified(pending("acme", domain)));

        assertThatThrownBy(() -> store.verify(verified(pending("globex", domain))))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_ALREADY_CLAIMED));
        assertThat(store.claimsOn(List.of(domain))).containsExactly(acme);
    }

    @Test
    void verifyWhenManyTenantsVerifyOneDomainAtOnceThenExactlyOneWins() throws Exception {
        int tenants = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(tenants);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < tenants; i++) {
                DomainClaim claim = verified(pending("tenant-" + i, domain));
                Callable<Boolean> attempt = () -> {
                    start.await();
                    try {
                        store.verify(claim);
                        return true;
                    } catch (DomainClaimException e) {
                        assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_ALREADY_CLAIMED);
                        return false;
                    }
                };
                results.add(threads.submit(attempt));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(winners).isEqualTo(1);
            assertThat(store.claimsOn(List.of(domain))).hasSize(1).allMatch(DomainClaim::verified);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void removeWhenClaimedThenGoneForThatTenantOnly() {
        store.add(pending("acme", domain));
        store.add(pending("globex", domain));

        store.remove("acme", domain);
        store.remove("acme", domain);
        store.remove("nobody", "nowhere.example.test");

        assertThat(store.claimsOn(List.of(domain))).extracting(DomainClaim::tenantId).containsExactly("globex");
    }
}
