package io.jitprov.core;

/**
 * Whether an identity is a person or a machine client.
 *
 * @since 0.1
 */
public enum IdentityKind {
    /** A person who signed in through a browser. */
    HUMAN,
    /** A machine client, e.g. one that used the OAuth 2.0 client-credentials grant. */
    WORKLOAD
}
