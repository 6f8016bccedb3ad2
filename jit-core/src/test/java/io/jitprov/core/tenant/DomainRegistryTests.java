package io.jitprov.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainRegistryTests {

    /** DNS as tests publish it: name → TXT values. */
    private final Map<String, List<String>> dns = new HashMap<>();
    private final DomainRegistry registry = DomainRegistry.builder()
            .dnsLookup(name -> dns.getOrDefault(name, List.of()))
            .clock(MutableClock.at("2026-03-01T12:00:00Z"))
            .build();

    @Test
    void tenantForWhenDomainVerifiedThenEverySpellingResolves() {
        registry.markVerified("acme", "acme.test", false);

        assertThat(registry.tenantFor("acme.test")).contains("acme");
        assertThat(registry.tenantFor("ACME.Test")).contains("acme");
        assertThat(registry.tenantFor("acme.test.")).contains("acme");
    }

    @Test
    void tenantForWhenLookalikeThenNothing() {
        registry.markVerified("acme", "acme.test", false);

        assertThat(registry.tenantFor("\u0430cme.test")).as("Cyrillic a").isEmpty();
        assertThat(registry.tenantFor("acme.test.evil.test")).isEmpty();
        assertThat(registry.tenantFor("acrne.test")).as("typo-squat").isEmpty();
        assertThat(registry.tenantFor("evil-acme.test")).isEmpty();
        assertThat(registry.tenantFor("sub.acme.test")).as("subdomain without opt-in").isEmpty();
        assertThat(registry.tenantFor("acme.test..")).isEmpty();
        assertThat(registry.tenantFor("acme .test")).isEmpty();
        assertThat(registry.tenantFor("acme.test/path")).isEmpty();
        assertThat(registry.tenantFor("test")).isEmpty();
    }

    @Test
    void tenantForWhenIdnVerifiedThenUnicodeAndPunycodeSpellingsResolve() {
        DomainClaim claim = registry.markVerified("muller", "M\u00fcller.test", false);

        assertThat(claim.domain()).isEqualTo("xn--mller-kva.test");
        assertThat(registry.tenantFor("m\u00fcller.test")).contains("muller");
        assertThat(registry.tenantFor("XN--MLLER-KVA.test.")).contains("muller");
        assertThat(registry.tenantFor("mueller.test")).isEmpty();
    }

    @Test
    void tenantForWhenCyrillicLookalikeIsVerifiedForAttackerThenRealDomainStaysWithOwner() {
        registry.markVerified("acme", "acme.test", false);
        DomainClaim attacker = registry.markVerified("mallory", "\u0430cme.test", false);

        assertThat(attacker.domain()).startsWith("xn--");
        assertThat(registry.tenantFor("acme.test")).contains("acme");
        assertThat(registry.tenantFor("\u0430cme.test")).contains("mallory");
    }

    @Test
    void tenantForWhenClaimPendingThenNothing() {
        registry.claim("acme", "acme.test", false);

        assertThat(registry.tenantFor("acme.test")).isEmpty();
    }

    @Test
    void tenantForWhenSubdomainsIncludedThenSubdomainsResolveButNotSiblings() {
        registry.markVerified("acme", "acme.test", true);

        assertThat(registry.tenantFor("eu.acme.test")).contains("acme");
        assertThat(registry.tenantFor("a.b.acme.test")).contains("acme");
        assertThat(registry.tenantFor("notacme.test")).isEmpty();
        assertThat(registry.tenantFor("acme.test.evil.test")).isEmpty();
    }

    @Test
    void claimWhenDomainVerifiedForAnotherTenantInAnySpellingThenRefused() {
        registry.markVerified("acme", "acme.test", false);

        for (String spelling : List.of("acme.test", "ACME.TEST", "acme.test.")) {
            assertThatThrownBy(() -> registry.claim("mallory", spelling, false))
                    .isInstanceOfSatisfying(DomainClaimException.class,
                            e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_ALREADY_CLAIMED));
            assertThatThrownBy(() -> registry.markVerified("mallory", spelling, false))
                    .isInstanceOf(DomainClaimException.class);
        }
        assertThat(registry.tenantFor("acme.test")).contains("acme");
    }

    @Test
    void claimWhenParentCoversSubdomainsForAnotherTenantThenRefused() {
        registry.markVerified("acme", "acme.test", true);

        assertThatThrownBy(() -> registry.claim("mallory", "eu.acme.test", false))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_ALREADY_CLAIMED));
    }

    @Test
    void claimWhenMalformedThenDomainInvalid() {
        assertThatThrownBy(() -> registry.claim("acme", "not a domain", false))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_INVALID));
    }

    @Test
    void verifyByDnsWhenTokenPublishedThenVerified() {
        DomainClaim claim = registry.claim("acme", "Acme.Test", false);
        dns.put("_jit-verification.acme.test", List.of("v=spf1 -all", "jit-verification=" + claim.token()));

        DomainClaim verified = registry.verifyByDns("acme", "acme.test");

        assertThat(verified.verified()).isTrue();
        assertThat(verified.proof()).isEqualTo(DomainClaim.Proof.DNS_TXT);
        assertThat(verified.verifiedAt()).isNotNull();
        assertThat(registry.tenantFor("acme.test")).contains("acme");
    }

    @Test
    void verifyByDnsWhenTokenAbsentOrWrongThenProofNotFound() {
        registry.claim("acme", "acme.test", false);
        dns.put("_jit-verification.acme.test", List.of("jit-verification=someone-elses-token"));

        assertThatThrownBy(() -> registry.verifyByDns("acme", "acme.test"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_PROOF_NOT_FOUND));
        assertThat(registry.tenantFor("acme.test")).isEmpty();
    }

    @Test
    void verifyByDnsWhenTwoTenantsHoldPendingClaimsThenFirstToProveWinsAndSecondIsRefused() {
        DomainClaim acme = registry.claim("acme", "acme.test", false);
        DomainClaim mallory = registry.claim("mallory", "acme.test", false);
        List<String> records = new ArrayList<>(List.of(acme.txtRecordValue(), mallory.txtRecordValue()));
        dns.put("_jit-verification.acme.test", records);

        registry.verifyByDns("acme", "acme.test");

        assertThatThrownBy(() -> registry.verifyByDns("mallory", "acme.test"))
                .isInstanceOf(DomainClaimException.class);
        assertThat(registry.tenantFor("acme.test")).contains("acme");
        assertThat(registry.claimsOf("mallory")).isEmpty();
    }

    @Test
    void verifyByDnsWhenNoClaimThenNotClaimed() {
        assertThatThrownBy(() -> registry.verifyByDns("acme", "acme.test"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_NOT_CLAIMED));
    }

    @Test
    void releaseWhenVerifiedThenDomainNoLongerResolves() {
        registry.markVerified("acme", "acme.test", false);

        registry.release("acme", "ACME.test");

        assertThat(registry.tenantFor("acme.test")).isEmpty();
        assertThat(registry.claim("globex", "acme.test", false).state()).isEqualTo(DomainClaim.State.PENDING);
    }

    @Test
    void claimWhenRepeatedThenSameTokenIsKept() {
        DomainClaim first = registry.claim("acme", "acme.test", false);

        assertThat(registry.claim("acme", "ACME.test", false).token()).isEqualTo(first.token());
        assertThat(first.token()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void claimWhenAConsumerMailDomainThenRefusedForEveryTenantInEverySpelling() {
        for (String consumer : List.of("gmail.com", "GMail.COM.", "outlook.com", "mail.yahoo.com", "icloud.com")) {
            assertThatThrownBy(() -> registry.claim("acme", consumer, false)).isInstanceOfSatisfying(
                    DomainClaimException.class, e -> {
                        assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_NOT_ALLOWED);
                        assertThat(e.error().description()).contains("anyone can have an address");
                    });
            assertThatThrownBy(() -> registry.markVerified("acme", consumer, true))
                    .isInstanceOf(DomainClaimException.class);
        }
        assertThat(registry.claimsOf("acme")).isEmpty();
        assertThat(registry.tenantFor("gmail.com")).isEmpty();
    }

    @Test
    void claimWhenTheApplicationAddsConsumerDomainsThenTheyAreRefusedTooAndOthersStillAllowed() {
        DomainRegistry strict = DomainRegistry.builder().dnsLookup(name -> List.of())
                .consumerDomains("Mail.Example.Net.", "webmail.test").build();

        assertThatThrownBy(() -> strict.markVerified("acme", "mail.example.net", false))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_NOT_ALLOWED));
        assertThatThrownBy(() -> strict.claim("acme", "eu.webmail.test", false))
                .isInstanceOf(DomainClaimException.class);
        assertThat(strict.markVerified("acme", "example.net", false).verified()).as("a parent is not below").isTrue();
        assertThat(strict.markVerified("acme", "notgmail.com", false).verified()).isTrue();
    }

    @Test
    void tenantForWhenClaimsLiveInAStoreThenEveryRegistryOnItSeesThem() {
        DomainStore shared = DomainStore.inMemory();
        DomainRegistry nodeA = DomainRegistry.builder().dnsLookup(name -> List.of()).store(shared).build();
        DomainRegistry nodeB = DomainRegistry.builder().dnsLookup(name -> List.of()).store(shared).build();

        nodeA.markVerified("acme", "acme.test", true);

        assertThat(nodeB.tenantFor("eu.acme.test")).contains("acme");
        assertThatThrownBy(() -> nodeB.markVerified("globex", "acme.test", false))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_ALREADY_CLAIMED));
        nodeB.release("acme", "acme.test");
        assertThat(nodeA.tenantFor("acme.test")).isEmpty();
    }
}
