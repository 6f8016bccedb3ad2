package io.jitprov.core.tenant;

import java.util.Collection;
import java.util.List;

/**
 * Where {@link DomainRegistry} keeps domain claims: in this JVM's memory by default
 * ({@link #inMemory()}), in the database for several nodes ({@code JdbcDomainStore}). Domains are
 * given normalised; the store compares them as they are.
 *
 * <p>The store, not the registry, guarantees that a domain is verified for one tenant at most
 * (a unique key in the database): two nodes verifying one domain for two tenants at once get one
 * winner and one {@link io.jitprov.core.JitErrorCodes#DOMAIN_ALREADY_CLAIMED}.
 *
 * @since 0.1
 */
public interface DomainStore {

    /** Every claim on any of {@code domains}: a domain and its parents are asked for in one read. */
    List<DomainClaim> claimsOn(Collection<String> domains);

    /** Every claim {@code tenantId} holds, pending or verified. */
    List<DomainClaim> claimsOf(String tenantId);

    /**
     * Adds a pending claim; when the tenant already holds one on the domain (a racing request made
     * it), returns that one instead.
     *
     * @throws DomainClaimException {@link io.jitprov.core.JitErrorCodes#DOMAIN_ALREADY_CLAIMED} when
     *     the domain was verified for another tenant meanwhile (on another node, say)
     */
    DomainClaim add(DomainClaim pending);

    /**
     * Records {@code verified} in place of the tenant's claim on its domain (adding it if the tenant
     * had none), and drops the other tenants' pending claims on the domain, in one step.
     *
     * @throws DomainClaimException {@link io.jitprov.core.JitErrorCodes#DOMAIN_ALREADY_CLAIMED} when
     *     the domain is verified for another tenant
     */
    DomainClaim verify(DomainClaim verified);

    /** Removes {@code tenantId}'s claim on {@code domain}, verified or not; a no-op without one. */
    void remove(String tenantId, String domain);

    /** Claims in this JVM's memory: one node, or tests. */
    static DomainStore inMemory() {
        return new InMemoryDomainClaims();
    }
}
