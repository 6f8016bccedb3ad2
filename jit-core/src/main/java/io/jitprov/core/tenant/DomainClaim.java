package io.jitprov.core.tenant;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's claim on a domain, pending until proven, then verified. Only verified claims
 * resolve logins to a tenant.
 *
 * @param domain the normalised domain (lower case, punycode, no trailing dot)
 * @param tenantId the claiming tenant
 * @param includeSubdomains whether subdomains of {@code domain} resolve to the tenant too
 * @param state pending or verified
 * @param proof how the claim was (or is to be) proven
 * @param token the value the tenant publishes in DNS: {@code _jit-verification.<domain> TXT
 *     "jit-verification=<token>"}
 * @param claimedAt when the claim was made
 * @param verifiedAt when the claim was verified; {@code null} while pending
 * @since 0.1
 */
public record DomainClaim(String domain, String tenantId, boolean includeSubdomains, State state,
        Proof proof, String token, Instant claimedAt, @Nullable Instant verifiedAt) {

    /** The DNS name where the proof record is expected. */
    public static final String TXT_RECORD_PREFIX = "_jit-verification.";

    /** What the TXT record's value starts with. */
    public static final String TXT_VALUE_PREFIX = "jit-verification=";

    /** Refuses missing components. */
    public DomainClaim {
        Objects.requireNonNull(domain, "domain cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(state, "state cannot be null");
        Objects.requireNonNull(proof, "proof cannot be null");
        Objects.requireNonNull(token, "token cannot be null");
        Objects.requireNonNull(claimedAt, "claimedAt cannot be null");
    }

    /** Verification state of a claim. */
    public enum State {
        /** Claimed; the tenant has not proven ownership yet. */
        PENDING,
        /** Ownership proven (DNS) or vouched for by the operator. */
        VERIFIED
    }

    /** How ownership of the domain is proven. */
    public enum Proof {
        /** A TXT record at {@code _jit-verification.<domain>} holding the claim's token. */
        DNS_TXT,
        /** The operator vouched for it (configuration file, admin action). */
        OPERATOR
    }

    /** Whether ownership was proven, so logins with the domain resolve to the claim's tenant. */
    public boolean verified() {
        return state == State.VERIFIED;
    }

    /** The DNS name to publish the proof at. */
    public String txtRecordName() {
        return TXT_RECORD_PREFIX + domain;
    }

    /** The TXT record value that proves the claim. */
    public String txtRecordValue() {
        return TXT_VALUE_PREFIX + token;
    }

    DomainClaim verifiedBy(Proof by, Instant at) {
        return new DomainClaim(domain, tenantId, includeSubdomains, State.VERIFIED, by, token, claimedAt, at);
    }
}
