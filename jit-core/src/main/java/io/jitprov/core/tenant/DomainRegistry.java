package io.jitprov.core.tenant;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.internal.DomainNames;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * <p>Thread-safe: lookups read an immutable snapshot, changes are serialised.
 *
 * @since 0.1
 */
public final class DomainRegistry {

    private static final int TOKEN_BYTES = 24;

    private final DnsTxtLookup dns;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    /** Normalised domain → every claim on it; replaced, never mutated, under {@link #lock}. */
    private volatile Map<String, List<DomainClaim>> claims = Map.of();

    private DomainRegistry(Builder builder) {
        this.dns = builder.dns;
        this.clock = builder.clock;
    }

    /** Starts a registry of domains in memory. */
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
        synchronized (lock) {
            Optional<DomainClaim> own = find(tenantId, normalized);
            if (own.isPresent()) {
                return own.get();
            }
            refuseIfOwnedElsewhere(tenantId, normalized);
            DomainClaim claim = new DomainClaim(normalized, tenantId, includeSubdomains,
                    DomainClaim.State.PENDING, DomainClaim.Proof.DNS_TXT, newToken(), clock.instant(), null);
            put(claim);
            return claim;
        }
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
        // Asked outside the lock: DNS may take seconds and must not stall every other change.
        List<String> records = dns.txtRecords(pending.txtRecordName());
        if (!records.contains(pending.txtRecordValue())) {
            throw new DomainClaimException(JitErrorCodes.DOMAIN_PROOF_NOT_FOUND,
                    "No TXT record [" + pending.txtRecordValue() + "] at [" + pending.txtRecordName()
                            + "] for tenant [" + tenantId + "]");
        }
        synchronized (lock) {
            DomainClaim current = find(tenantId, normalized).orElseThrow(() -> notClaimed(tenantId, normalized));
            if (!current.token().equals(pending.token())) {
                throw notClaimed(tenantId, normalized);
            }
            return markVerifiedLocked(current, DomainClaim.Proof.DNS_TXT);
        }
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
        synchronized (lock) {
            DomainClaim claim = find(tenantId, normalized).orElseGet(() -> new DomainClaim(normalized, tenantId,
                    includeSubdomains, DomainClaim.State.PENDING, DomainClaim.Proof.OPERATOR, newToken(),
                    clock.instant(), null));
            if (claim.verified()) {
                return claim;
            }
            return markVerifiedLocked(claim, DomainClaim.Proof.OPERATOR);
        }
    }

    /** Withdraws {@code tenantId}'s claim on {@code domain}, verified or not; a no-op without one. */
    public void release(String tenantId, String domain) {
        Optional<String> normalized = DomainNames.normalize(domain);
        if (normalized.isEmpty()) {
            return;
        }
        synchronized (lock) {
            List<DomainClaim> remaining = new ArrayList<>(claims.getOrDefault(normalized.get(), List.of()));
            remaining.removeIf(c -> c.tenantId().equals(tenantId));
            replace(normalized.get(), remaining);
        }
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
        List<DomainClaim> result = new ArrayList<>();
        claims.values().forEach(list -> list.stream().filter(c -> c.tenantId().equals(tenantId)).forEach(result::add));
        result.sort((a, b) -> a.domain().compareTo(b.domain()));
        return List.copyOf(result);
    }

    Optional<String> tenantForNormalized(String normalized) {
        Map<String, List<DomainClaim>> snapshot = claims;
        Optional<DomainClaim> exact = verifiedClaim(snapshot, normalized);
        if (exact.isPresent()) {
            return Optional.of(exact.get().tenantId());
        }
        Optional<String> parent = DomainNames.parent(normalized);
        while (parent.isPresent()) {
            Optional<DomainClaim> covering = verifiedClaim(snapshot, parent.get()).filter(DomainClaim::includeSubdomains);
            if (covering.isPresent()) {
                return Optional.of(covering.get().tenantId());
            }
            parent = DomainNames.parent(parent.get());
        }
        return Optional.empty();
    }

    private DomainClaim markVerifiedLocked(DomainClaim claim, DomainClaim.Proof proof) {
        refuseIfOwnedElsewhere(claim.tenantId(), claim.domain());
        DomainClaim verified = claim.verifiedBy(proof, clock.instant());
        // Other tenants' pending claims on this exact domain can never be verified now.
        replace(claim.domain(), List.of(verified));
        return verified;
    }

    private void refuseIfOwnedElsewhere(String tenantId, String normalized) {
        Optional<String> owner = tenantForNormalized(normalized);
        if (owner.isPresent() && !owner.get().equals(tenantId)) {
            throw new DomainClaimException(JitErrorCodes.DOMAIN_ALREADY_CLAIMED,
                    "Domain [" + normalized + "] is already verified for another tenant");
        }
    }

    private static Optional<DomainClaim> verifiedClaim(Map<String, List<DomainClaim>> snapshot, String domain) {
        return snapshot.getOrDefault(domain, List.of()).stream().filter(DomainClaim::verified).findFirst();
    }

    private Optional<DomainClaim> find(String tenantId, String normalized) {
        return claims.getOrDefault(normalized, List.of()).stream()
                .filter(c -> c.tenantId().equals(tenantId)).findFirst();
    }

    private void put(DomainClaim claim) {
        List<DomainClaim> list = new ArrayList<>(claims.getOrDefault(claim.domain(), List.of()));
        list.add(claim);
        replace(claim.domain(), list);
    }

    private void replace(String domain, List<DomainClaim> list) {
        Map<String, List<DomainClaim>> next = new HashMap<>(claims);
        if (list.isEmpty()) {
            next.remove(domain);
        } else {
            next.put(domain, List.copyOf(list));
        }
        claims = Map.copyOf(next);
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

        /** The registry, empty. */
        public DomainRegistry build() {
            return new DomainRegistry(this);
        }
    }
}
