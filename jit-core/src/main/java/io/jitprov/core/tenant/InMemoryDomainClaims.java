package io.jitprov.core.tenant;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.internal.DomainNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link DomainStore#inMemory()}: a map of domain to claims, every change under one lock. */
final class InMemoryDomainClaims implements DomainStore {

    private final Map<String, List<DomainClaim>> byDomain = new HashMap<>();

    @Override
    public synchronized List<DomainClaim> claimsOn(Collection<String> domains) {
        List<DomainClaim> found = new ArrayList<>();
        domains.forEach(domain -> found.addAll(byDomain.getOrDefault(domain, List.of())));
        return List.copyOf(found);
    }

    @Override
    public synchronized List<DomainClaim> claimsOf(String tenantId) {
        List<DomainClaim> found = new ArrayList<>();
        byDomain.values().forEach(list -> list.stream().filter(c -> c.tenantId().equals(tenantId)).forEach(found::add));
        found.sort(Comparator.comparing(DomainClaim::domain));
        return List.copyOf(found);
    }

    @Override
    public synchronized DomainClaim add(DomainClaim pending) {
        List<DomainClaim> claims = byDomain.computeIfAbsent(pending.domain(), d -> new ArrayList<>());
        for (DomainClaim existing : claims) {
            if (existing.tenantId().equals(pending.tenantId())) {
                return existing;
            }
            if (existing.verified()) {
                throw new DomainClaimException(JitErrorCodes.DOMAIN_ALREADY_CLAIMED, "Domain [" + pending.domain()
                        + "] is already verified for another tenant");
            }
        }
        for (String parent : DomainNames.parents(pending.domain())) {
            for (DomainClaim covering : byDomain.getOrDefault(parent, List.of())) {
                if (covering.verified() && covering.includeSubdomains()
                        && !covering.tenantId().equals(pending.tenantId())) {
                    throw new DomainClaimException(JitErrorCodes.DOMAIN_ALREADY_CLAIMED, "Domain ["
                            + pending.domain() + "] is covered by a domain verified for another tenant");
                }
            }
        }
        claims.add(pending);
        return pending;
    }

    @Override
    public synchronized DomainClaim verify(DomainClaim verified) {
        List<DomainClaim> claims = byDomain.computeIfAbsent(verified.domain(), d -> new ArrayList<>());
        for (DomainClaim existing : claims) {
            if (existing.verified() && !existing.tenantId().equals(verified.tenantId())) {
                throw new DomainClaimException(JitErrorCodes.DOMAIN_ALREADY_CLAIMED, "Domain [" + verified.domain()
                        + "] is already verified for another tenant");
            }
        }
        claims.clear();
        claims.add(verified);
        return verified;
    }

    @Override
    public synchronized void remove(String tenantId, String domain) {
        List<DomainClaim> claims = byDomain.get(domain);
        if (claims != null) {
            claims.removeIf(c -> c.tenantId().equals(tenantId));
            if (claims.isEmpty()) {
                byDomain.remove(domain);
            }
        }
    }
}
