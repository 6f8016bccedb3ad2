package io.jitprov.core;

/** Identities the tests start from; each returns a builder to adjust. */
public final class TestIdentities {

    public static final String ACME_IDP = "https://idp.acme.test";
    public static final String GLOBEX_IDP = "https://login.globex.test";
    public static final String ROGUE_IDP = "https://rogue-idp.evil.test";

    private TestIdentities() {
    }

    /** Alice of Acme, verified email, in acme-staff and acme-eng-backend. */
    public static VerifiedIdentity.Builder alice() {
        return VerifiedIdentity.issuedBy(ACME_IDP).subject("alice-0001")
                .attribute("email", "alice@acme.test").emailVerified(true)
                .attribute("groups", "acme-staff", "acme-eng-backend")
                .attribute("given_name", "Alice");
    }

    public static VerifiedIdentity.Builder bob() {
        return VerifiedIdentity.issuedBy(GLOBEX_IDP).subject("bob-77")
                .attribute("email", "bob@globex.test").emailVerified(true)
                .attribute("groups", "globex-users");
    }
}
