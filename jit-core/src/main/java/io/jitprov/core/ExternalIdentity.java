package io.jitprov.core;

import java.util.Objects;

/**
 * An identity at an identity provider that logs in to an account: the key accounts are found by.
 *
 * @param issuer the SAML entityID or OIDC issuer
 * @param subject the subject at that issuer
 * @since 0.1
 */
public record ExternalIdentity(String issuer, String subject) {

    /** Refuses a missing issuer or subject. */
    public ExternalIdentity {
        Objects.requireNonNull(issuer, "issuer cannot be null");
        Objects.requireNonNull(subject, "subject cannot be null");
    }

    /** The identity {@code identity} logs in as. */
    public static ExternalIdentity of(VerifiedIdentity identity) {
        return new ExternalIdentity(identity.issuer(), identity.subject());
    }
}
