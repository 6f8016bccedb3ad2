package io.jitprov.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Who an identity provider says signed in, after the SAML assertion or OIDC token was fully
 * verified: the only thing that crosses from the protocol modules into the provisioning engine.
 *
 * <p>Attributes are kept exactly as the identity provider named them (SAML attribute names and
 * friendly names, OIDC claim names); the {@link io.jitprov.core.attributes.AttributeSchema} maps aliases to one logical
 * name. Instances are immutable.
 *
 * <pre>{@code
 * VerifiedIdentity identity = VerifiedIdentity.issuedBy("https://idp.acme.test")
 *         .subject("248289761001")
 *         .attribute("email", "alice@acme.test")
 *         .emailVerified(true)
 *         .attribute("groups", "engineering", "admins")
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class VerifiedIdentity {

    private final String issuer;
    private final String subject;
    private final IdentityKind kind;
    private final Map<String, List<String>> attributes;
    private final boolean emailVerified;
    private final boolean groupsIncomplete;
    private final @Nullable String authnContextClass;
    private final @Nullable String acr;
    private final List<String> amr;
    private final @Nullable Instant authnInstant;
    private final @Nullable String sessionIndex;
    private final @Nullable Instant notOnOrAfter;

    private VerifiedIdentity(Builder b) {
        this.issuer = b.issuer;
        this.subject = Objects.requireNonNull(b.subject, "subject cannot be null");
        this.kind = b.kind;
        this.attributes = Collections.unmodifiableMap(b.handOverAttributes());
        this.emailVerified = b.emailVerified;
        this.groupsIncomplete = b.groupsIncomplete;
        this.authnContextClass = b.authnContextClass;
        this.acr = b.acr;
        this.amr = List.copyOf(b.amr);
        this.authnInstant = b.authnInstant;
        this.sessionIndex = b.sessionIndex;
        this.notOnOrAfter = b.notOnOrAfter;
    }

    /** Starts an identity asserted by {@code issuer} (SAML entityID or OIDC {@code iss}). */
    public static Builder issuedBy(String issuer) {
        return new Builder(issuer);
    }

    /** The SAML IdP entityID or the OIDC issuer identifier, exactly as the IdP sent it. */
    public String issuer() {
        return issuer;
    }

    /** The subject the issuer asserted (SAML NameID, OIDC {@code sub}); unique per issuer. */
    public String subject() {
        return subject;
    }

    /** A person signing in through a browser, or a workload presenting an access token. */
    public IdentityKind kind() {
        return kind;
    }

    /** Every attribute, keyed by the name the IdP used, each with at least one value. */
    public Map<String, List<String>> attributes() {
        return attributes;
    }

    /**
     * Whether the IdP vouches that the email belongs to this subject: OIDC
     * {@code email_verified == true}, or a SAML IdP configured as asserting verified emails.
     * An unverified email never selects a tenant or links an account.
     */
    public boolean emailVerified() {
        return emailVerified;
    }

    /**
     * Whether the IdP said it left groups out (Entra ID's "group overage": more groups than fit in
     * a token). Roles mapped from such a list would be wrong, so tenants that map groups refuse it.
     */
    public boolean groupsIncomplete() {
        return groupsIncomplete;
    }

    /** The SAML AuthnContextClassRef. */
    public Optional<String> authnContextClass() {
        return Optional.ofNullable(authnContextClass);
    }

    /** The OIDC {@code acr} claim. */
    public Optional<String> acr() {
        return Optional.ofNullable(acr);
    }

    /** The OIDC {@code amr} claim, empty when absent. */
    public List<String> amr() {
        return amr;
    }

    /** When the person authenticated at the IdP (SAML AuthnInstant, OIDC {@code auth_time}). */
    public Optional<Instant> authnInstant() {
        return Optional.ofNullable(authnInstant);
    }

    /** The IdP session this login belongs to (SAML SessionIndex, OIDC {@code sid}). */
    public Optional<String> sessionIndex() {
        return Optional.ofNullable(sessionIndex);
    }

    /** When the IdP's statement stops being valid, if it said so. */
    public Optional<Instant> notOnOrAfter() {
        return Optional.ofNullable(notOnOrAfter);
    }

    /** A builder holding this identity, to derive a changed copy (tests, custom verifiers). */
    public Builder toBuilder() {
        Builder b = new Builder(issuer).subject(subject).kind(kind).emailVerified(emailVerified)
                .groupsIncomplete(groupsIncomplete).authnContextClass(authnContextClass).acr(acr).amr(amr)
                .authnInstant(authnInstant).sessionIndex(sessionIndex).notOnOrAfter(notOnOrAfter);
        b.writableAttributes().putAll(attributes);
        return b;
    }

    @Override
    public String toString() {
        return "VerifiedIdentity[issuer=" + issuer + ", subject=" + subject + ", kind=" + kind + "]";
    }

    /** Builds a {@link VerifiedIdentity}; {@code build()} checks that issuer and subject are set. */
    public static final class Builder {

        private final String issuer;
        private @Nullable String subject;
        private IdentityKind kind = IdentityKind.HUMAN;
        /** Name to immutable, non-empty values; handed to the identity on build, copied if written again. */
        private Map<String, List<String>> attributes = new LinkedHashMap<>();
        private boolean attributesHandedOver;
        private boolean emailVerified;
        private boolean groupsIncomplete;
        private @Nullable String authnContextClass;
        private @Nullable String acr;
        private List<String> amr = List.of();
        private @Nullable Instant authnInstant;
        private @Nullable String sessionIndex;
        private @Nullable Instant notOnOrAfter;

        private Builder(String issuer) {
            Objects.requireNonNull(issuer, "issuer cannot be null");
            if (issuer.isEmpty()) {
                throw new IllegalArgumentException("issuer cannot be empty");
            }
            this.issuer = issuer;
        }

        /** See {@link VerifiedIdentity#subject()}; must not be empty. */
        public Builder subject(String subject) {
            Objects.requireNonNull(subject, "subject cannot be null");
            if (subject.isEmpty()) {
                throw new IllegalArgumentException("subject cannot be empty");
            }
            this.subject = subject;
            return this;
        }

        /** See {@link VerifiedIdentity#kind()}; {@link IdentityKind#HUMAN} by default. */
        public Builder kind(IdentityKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind cannot be null");
            return this;
        }

        /** Adds values to the attribute {@code name}, after any it already has. */
        public Builder attribute(String name, String... values) {
            return attribute(name, List.of(values));
        }

        /** Adds values to the attribute {@code name}, after any it already has. */
        public Builder attribute(String name, List<String> values) {
            Objects.requireNonNull(name, "name cannot be null");
            List<String> added = List.copyOf(values);
            if (added.isEmpty()) {
                return this;
            }
            writableAttributes().merge(name, added, (before, more) -> {
                List<String> joined = new ArrayList<>(before.size() + more.size());
                joined.addAll(before);
                joined.addAll(more);
                return List.copyOf(joined);
            });
            return this;
        }

        /** Gives access to the attribute map, to add, replace or remove entries. */
        public Builder attributes(Consumer<Map<String, List<String>>> customizer) {
            Map<String, List<String>> map = writableAttributes();
            customizer.accept(map);
            // Whatever the customizer put in is made immutable, and empty entries dropped.
            map.replaceAll((name, values) -> List.copyOf(values));
            map.values().removeIf(List::isEmpty);
            return this;
        }

        /**
         * Whether the issuer vouches for the email (OIDC {@code email_verified}, or the IdP's configuration
         * for SAML).
         */
        public Builder emailVerified(boolean emailVerified) {
            this.emailVerified = emailVerified;
            return this;
        }

        /**
         * Whether the issuer left groups out (Entra ID's group overage); tenants that map groups refuse such
         * logins.
         */
        public Builder groupsIncomplete(boolean groupsIncomplete) {
            this.groupsIncomplete = groupsIncomplete;
            return this;
        }

        /** The SAML AuthnContextClassRef of the authentication, if any. */
        public Builder authnContextClass(@Nullable String authnContextClass) {
            this.authnContextClass = authnContextClass;
            return this;
        }

        /** The OIDC {@code acr} of the authentication, if any. */
        public Builder acr(@Nullable String acr) {
            this.acr = acr;
            return this;
        }

        /** The OIDC {@code amr} methods of the authentication (e.g. {@code mfa}). */
        public Builder amr(List<String> amr) {
            this.amr = List.copyOf(amr);
            return this;
        }

        /** When the person authenticated (SAML AuthnInstant, OIDC {@code auth_time}), if known. */
        public Builder authnInstant(@Nullable Instant authnInstant) {
            this.authnInstant = authnInstant;
            return this;
        }

        /** The IdP session (SAML SessionIndex, OIDC {@code sid}), so that its logout can end this login. */
        public Builder sessionIndex(@Nullable String sessionIndex) {
            this.sessionIndex = sessionIndex;
            return this;
        }

        /** When the assertion or token stops being valid, if it says. */
        public Builder notOnOrAfter(@Nullable Instant notOnOrAfter) {
            this.notOnOrAfter = notOnOrAfter;
            return this;
        }

        /** The identity; a subject is required (NullPointerException without one). */
        public VerifiedIdentity build() {
            return new VerifiedIdentity(this);
        }

        /** The attribute map for a new identity, without copying it: the builder copies before its next write. */
        private Map<String, List<String>> handOverAttributes() {
            attributesHandedOver = true;
            return attributes;
        }

        private Map<String, List<String>> writableAttributes() {
            if (attributesHandedOver) {
                attributes = new LinkedHashMap<>(attributes);
                attributesHandedOver = false;
            }
            return attributes;
        }
    }
}
