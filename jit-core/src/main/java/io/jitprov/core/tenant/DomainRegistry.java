package io.jitprov.core.tenant;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.internal.DomainNames;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The domains tenants have claimed, and which of those they have proven they own. A login's
 * email domain selects a tenant only through a verified claim.
 *
 * <p>Domains are normalised before anything else (lower case, IDN to punycode, no trailing dot),
 * so every spelling of one domain is one domain, and a lookalike (a Cyrillic {@code а}, a
 * typo-squat, {@code acme.test.evil.test}) is simply another, unverified domain. Matching is
 * exact, except that a claim made with {@code includeSubdomains} also covers names below it.
 *
 * <p>A domain is verified for at most one tenant. Several tenants may hold pending claims on one
 * domain; the first to prove ownership wins, the others' pending claims are dropped, and later
 * claims by other tenants (on the domain, or below one that covers its subdomains) are refused.
 *
 * <p>Consumer mail domains (gmail.com, outlook.com... and those given to
 * {@link Builder#consumerDomains}) and names below them cannot be claimed by any tenant.
 *
 * <p>Claims live in a {@link DomainStore}: this JVM's memory by default, the database for several
 * nodes ({@link Builder#store}), where a unique key keeps a domain verified for one tenant even
 * when two nodes verify it at once. A lookup is one read of the store for the domain and its
 * parents together.
 *
 * @since 0.1
 */
public final class DomainRegistry {

    private static final int TOKEN_BYTES = 24;

    private final DnsTxtLookup dns;
    private final Clock clock;
    private final DomainStore store;
    private final ConsumerDomains consumer;
    private final SecureRandom random = new SecureRandom();

    private DomainRegistry(Builder builder) {
        this.dns = builder.dns;
        this.clock = builder.clock;
        this.store = builder.store;
        this.consumer = new ConsumerDomains(builder.consumerDomains);
    }

    /** Starts a registry of domains, in memory unless given a {@link Builder#store}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records a pending claim of {@code tenantId} on {@code domain}; returns the existing claim
     * when the tenant already has one.
     *
     * @throws DomainClaimException {@link JitErrorCodes#DOMAIN_INVALID} or
     *     {@link JitErrorCodes#DOMAIN_ALREADY_CLAIMED}
     */
    public DomainClaim claim(String tenantId, String domain, boolean includeSubdomains) {
        requireTenantId(tenantId);
        String normalized = normalizeOrThrow(domain);
        Optional<DomainClaim> own = find(tenantId, normalized);
        if (own.isPresent()) {
            return own.get();
        }
        refuseIfOwnedElsewhere(tenantId, normalized);
        return store.add(new DomainClaim(normalized, tenantId, includeSubdomains, DomainClaim.State.PENDING,
                DomainClaim.Proof.DNS_TXT, newToken(), clock.instant(), null));
    }

    /**
     * Proves {@code tenantId}'s pending claim by finding its token in DNS.
     *
     * @throws DomainClaimException {@link JitErrorCodes#DOMAIN_NOT_CLAIMED},
     *     {@link JitErrorCodes#DOMAIN_PROOF_NOT_FOUND} or {@link JitErrorCodes#DOMAIN_ALREADY_CLAIMED}
     * @throws io.jitprov.core.JitStoreException when DNS could not be asked
     */
    public DomainClaim verifyByDns(String tenantId, String domain) {
        String normalized = normalizeOrThrow(domain);
        DomainClaim pending = find(tenantId, normalized).orElseThrow(() -> notClaimed(tenantId, normalized));
        if (pending.verified()) {
            return pending;
        }
        // Asked before anything is written: DNS may take seconds, and the claim is read again after.
        List<String> records = dns.txtRecords(pending.txtRecordName());
        if (!records.contains(pending.txtRecordValue())) {
            throw new DomainClaimException(JitErrorCodes.DOMAIN_PROOF_NOT_FOUND,
                    "No TXT record [" + pending.txtRecordValue() + "] at [" + pending.txtRecordName()
                            + "] for tenant [" + tenantId + "]");
        }
        DomainClaim current = find(tenantId, normalized).orElseThrow(() -> notClaimed(tenantId, normalized));
        if (!current.token().equals(pending.token())) {
            throw notClaimed(tenantId, normalized);
        }
        return verify(current, DomainClaim.Proof.DNS_TXT);
    }

    /**
     * Whether the TXT record that proved {@code claim} is still published: a periodic check tells
     * whoever should know that a domain proved by DNS no longer is (the claim itself stays).
     *
     * @throws io.jitprov.core.JitStoreException when DNS could not be asked
     */
    public boolean proofStillPublished(DomainClaim claim) {
        return dns.txtRecords(claim.txtRecordName()).contains(claim.txtRecordValue());
    }

    /**
     * Records that the operator vouches for {@code tenantId} owning {@code domain} (for domains
     * listed as verified in configuration, or verified by an administrator out of band).
     *
     * @throws DomainClaimException {@link JitErrorCodes#DOMAIN_INVALID} or
     *     {@link JitErrorCodes#DOMAIN_ALREADY_CLAIMED}
     */
    public DomainClaim markVerified(String tenantId, String domain, boolean includeSubdomains) {
        requireTenantId(tenantId);
        String normalized = normalizeOrThrow(domain);
        DomainClaim claim = find(tenantId, normalized).orElseGet(() -> new DomainClaim(normalized, tenantId,
                includeSubdomains, DomainClaim.State.PENDING, DomainClaim.Proof.OPERATOR, newToken(),
                clock.instant(), null));
        if (claim.verified()) {
            return claim;
        }
        return verify(claim, DomainClaim.Proof.OPERATOR);
    }

    /** Withdraws {@code tenantId}'s claim on {@code domain}, verified or not; a no-op without one. */
    public void release(String tenantId, String domain) {
        Optional<String> normalized = DomainNames.normalize(domain);
        if (normalized.isEmpty()) {
            return;
        }
        store.remove(tenantId, normalized.get());
    }

    /**
     * The tenant whose verified claim covers {@code domain} (in any spelling): an exact claim
     * first, else the nearest parent claimed with subdomains. Empty for unknown, pending or
     * malformed domains.
     */
    public Optional<String> tenantFor(String domain) {
        return DomainNames.normalize(domain).flatMap(this::tenantForNormalized);
    }

    /** Every claim {@code tenantId} holds, pending or verified. */
    public List<DomainClaim> claimsOf(String tenantId) {
        return store.claimsOf(tenantId);
    }

    Optional<String> tenantForNormalized(String normalized) {
        if (consumer.covering(normalized).isPresent()) {
            // Not even through a parent claimed with its subdomains: anyone can have an address here.
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        names.add(normalized);
        names.addAll(DomainNames.parents(normalized));
        List<DomainClaim> verified = store.claimsOn(names).stream().filter(DomainClaim::verified).toList();
        // The domain itself first, then the nearest parent that covers its subdomains.
        for (String name : names) {
            for (DomainClaim claim : verified) {
                if (claim.domain().equals(name) && (name.equals(normalized) || claim.includeSubdomains())) {
                    return Optional.of(claim.tenantId());
                }
            }
        }
        return Optional.empty();
    }

    private DomainClaim verify(DomainClaim claim, DomainClaim.Proof proof) {
        refuseIfOwnedElsewhere(claim.tenantId(), claim.domain());
        // Other tenants' pending claims on this exact domain can never be verified now: the store drops them.
        return store.verify(claim.verifiedBy(proof, clock.instant()));
    }

    private void refuseIfOwnedElsewhere(String tenantId, String normalized) {
        Optional<String> consumerDomain = consumer.covering(normalized);
        if (consumerDomain.isPresent()) {
            throw new DomainClaimException(JitErrorCodes.DOMAIN_NOT_ALLOWED, "Domain [" + normalized + "] is "
                    + (consumerDomain.get().equals(normalized) ? "" : "below ") + "the consumer mail domain ["
                    + consumerDomain.get() + "], where anyone can have an address: no tenant can claim it");
        }
        Optional<String> owner = tenantForNormalized(normalized);
        if (owner.isPresent() && !owner.get().equals(tenantId)) {
            throw new DomainClaimException(JitErrorCodes.DOMAIN_ALREADY_CLAIMED,
                    "Domain [" + normalized + "] is already verified for another tenant");
        }
    }

    private Optional<DomainClaim> find(String tenantId, String normalized) {
        return store.claimsOn(List.of(normalized)).stream().filter(c -> c.tenantId().equals(tenantId)).findFirst();
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String normalizeOrThrow(String domain) {
        Objects.requireNonNull(domain, "domain cannot be null");
        return DomainNames.normalize(domain).orElseThrow(() -> new DomainClaimException(
                JitErrorCodes.DOMAIN_INVALID, JitError.quote(domain) + " is not a valid domain name"));
    }

    private static void requireTenantId(String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        if (tenantId.isEmpty()) {
            throw new IllegalArgumentException("tenantId cannot be empty");
        }
    }

    private static DomainClaimException notClaimed(String tenantId, String domain) {
        return new DomainClaimException(JitErrorCodes.DOMAIN_NOT_CLAIMED,
                "Tenant [" + tenantId + "] has no claim on domain [" + domain + "]");
    }

    /** Configures a {@link DomainRegistry}. */
    public static final class Builder {

        private DnsTxtLookup dns = JndiDnsTxtLookup.system();
        private Clock clock = Clock.systemUTC();
        private DomainStore store = DomainStore.inMemory();
        private final Set<String> consumerDomains = new HashSet<>(ConsumerDomains.WELL_KNOWN);

        private Builder() {
        }

        /** How TXT records are read for {@code verifyByDns}; the JDK's DNS client by default. */
        public Builder dnsLookup(DnsTxtLookup dns) {
            this.dns = Objects.requireNonNull(dns, "dns cannot be null");
            return this;
        }

        /** The clock claims are stamped with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Where claims are kept; this JVM's memory by default. */
        public Builder store(DomainStore store) {
            this.store = Objects.requireNonNull(store, "store cannot be null");
            return this;
        }

        /**
         * More consumer mail domains no tenant may claim, beside the well-known ones (gmail.com,
         * outlook.com, yahoo.com, icloud.com...).
         *
         * @throws DomainClaimException {@link JitErrorCodes#DOMAIN_INVALID} for a name that is not a domain
         */
        public Builder consumerDomains(String... domains) {
            for (String domain : domains) {
                consumerDomains.add(normalizeOrThrow(domain));
            }
            return this;
        }

        /** The registry, over its store. */
        public DomainRegistry build() {
            return new DomainRegistry(this);
        }
    }
}
