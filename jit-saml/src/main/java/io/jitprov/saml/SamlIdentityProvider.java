package io.jitprov.saml;

import io.jitprov.saml.internal.Pem;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A SAML identity provider as this service provider sees it: what its metadata says (entityID,
 * signing certificates, endpoints) and how we treat it (IdP-initiated SSO, verified emails,
 * which attributes carry groups).
 *
 * <pre>{@code
 * SamlIdentityProvider idp = SamlMetadata.parseIdentityProvider(metadataXml)
 *         .emailsVerified(true)          // the IdP only asserts emails it has verified
 *         .groupAttributes("memberOf")
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class SamlIdentityProvider {

    private final String entityId;
    private final List<X509Certificate> signingCertificates;
    private final @Nullable String ssoRedirectUrl;
    private final @Nullable String ssoPostUrl;
    private final @Nullable String sloRedirectUrl;
    private final @Nullable String sloPostUrl;
    private final boolean wantAuthnRequestsSigned;
    private final boolean unsolicitedResponsesAllowed;
    private final boolean emailsVerified;
    private final Set<String> groupAttributes;

    private SamlIdentityProvider(Builder b) {
        this.entityId = b.entityId;
        this.signingCertificates = List.copyOf(b.signingCertificates);
        this.ssoRedirectUrl = b.ssoRedirectUrl;
        this.ssoPostUrl = b.ssoPostUrl;
        this.sloRedirectUrl = b.sloRedirectUrl;
        this.sloPostUrl = b.sloPostUrl;
        this.wantAuthnRequestsSigned = b.wantAuthnRequestsSigned;
        this.unsolicitedResponsesAllowed = b.unsolicitedResponsesAllowed;
        this.emailsVerified = b.emailsVerified;
        this.groupAttributes = Set.copyOf(b.groupAttributes);
    }

    /** Starts an identity provider configured by hand rather than from metadata. */
    public static Builder withEntityId(String entityId) {
        return new Builder(entityId);
    }

    /** The IdP's entityID: the issuer its assertions must carry. */
    public String entityId() {
        return entityId;
    }

    /** The keys its signatures must verify with; several during a key rollover. */
    public List<X509Certificate> signingCertificates() {
        return signingCertificates;
    }

    /** The SingleSignOnService location for the HTTP-Redirect binding. */
    public Optional<String> ssoRedirectUrl() {
        return Optional.ofNullable(ssoRedirectUrl);
    }

    /** The SingleSignOnService location for the HTTP-POST binding. */
    public Optional<String> ssoPostUrl() {
        return Optional.ofNullable(ssoPostUrl);
    }

    /** Its SingleLogoutService with the HTTP-Redirect binding, if any. */
    public Optional<String> sloRedirectUrl() {
        return Optional.ofNullable(sloRedirectUrl);
    }

    /** Its SingleLogoutService with the HTTP-POST binding, if any. */
    public Optional<String> sloPostUrl() {
        return Optional.ofNullable(sloPostUrl);
    }

    /** Whether it wants signed AuthnRequests (metadata WantAuthnRequestsSigned). */
    public boolean wantAuthnRequestsSigned() {
        return wantAuthnRequestsSigned;
    }

    /** Whether responses that answer no request of ours (IdP-initiated SSO) are accepted. Off by default. */
    public boolean unsolicitedResponsesAllowed() {
        return unsolicitedResponsesAllowed;
    }

    /**
     * Whether this IdP only asserts email addresses it has verified, so its emails may select a
     * tenant and link accounts. SAML has no standard flag for it; off by default.
     */
    public boolean emailsVerified() {
        return emailsVerified;
    }

    /** Attribute names whose values are groups, besides the standard group attribute names. */
    public Set<String> groupAttributes() {
        return groupAttributes;
    }

    /** A builder holding this IdP's settings, to derive a changed copy (metadata refresh). */
    public Builder toBuilder() {
        Builder b = new Builder(entityId).ssoRedirectUrl(ssoRedirectUrl).ssoPostUrl(ssoPostUrl)
                .sloRedirectUrl(sloRedirectUrl).sloPostUrl(sloPostUrl)
                .wantAuthnRequestsSigned(wantAuthnRequestsSigned)
                .unsolicitedResponsesAllowed(unsolicitedResponsesAllowed).emailsVerified(emailsVerified)
                .groupAttributes(groupAttributes.toArray(String[]::new));
        b.signingCertificates.addAll(signingCertificates);
        return b;
    }

    @Override
    public String toString() {
        return "SamlIdentityProvider[" + entityId + "]";
    }

    /** Configures a {@link SamlIdentityProvider}; at least one signing certificate is required. */
    public static final class Builder {

        private final String entityId;
        private final List<X509Certificate> signingCertificates = new ArrayList<>();
        private @Nullable String ssoRedirectUrl;
        private @Nullable String ssoPostUrl;
        private @Nullable String sloRedirectUrl;
        private @Nullable String sloPostUrl;
        private boolean wantAuthnRequestsSigned;
        private boolean unsolicitedResponsesAllowed;
        private boolean emailsVerified;
        private final Set<String> groupAttributes = new LinkedHashSet<>();

        Builder(String entityId) {
            Objects.requireNonNull(entityId, "entityId cannot be null");
            if (entityId.isEmpty()) {
                throw new IllegalArgumentException("entityId cannot be empty");
            }
            this.entityId = entityId;
        }

        /** Adds a certificate whose key may sign this IdP's responses and assertions. */
        public Builder signingCertificate(X509Certificate certificate) {
            signingCertificates.add(Objects.requireNonNull(certificate, "certificate cannot be null"));
            return this;
        }

        /** Adds a signing certificate given in PEM or as bare base64 DER (as metadata holds it). */
        public Builder signingCertificate(String pemOrBase64) {
            try {
                return signingCertificate(Pem.certificate(pemOrBase64));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("Signing certificate of [" + entityId + "] cannot be read", e);
            }
        }

        /** Replaces the signing certificates (metadata refresh, key rollover). */
        public Builder signingCertificates(List<X509Certificate> certificates) {
            signingCertificates.clear();
            certificates.forEach(this::signingCertificate);
            return this;
        }

        /** Its SingleSignOnService with the HTTP-Redirect binding. */
        public Builder ssoRedirectUrl(@Nullable String url) {
            this.ssoRedirectUrl = url;
            return this;
        }

        /** Its SingleSignOnService with the HTTP-POST binding. */
        public Builder ssoPostUrl(@Nullable String url) {
            this.ssoPostUrl = url;
            return this;
        }

        /** Its SingleLogoutService with the HTTP-Redirect binding. */
        public Builder sloRedirectUrl(@Nullable String url) {
            this.sloRedirectUrl = url;
            return this;
        }

        /** Its SingleLogoutService with the HTTP-POST binding. */
        public Builder sloPostUrl(@Nullable String url) {
            this.sloPostUrl = url;
            return this;
        }

        /** See {@link SamlIdentityProvider#wantAuthnRequestsSigned()}. */
        public Builder wantAuthnRequestsSigned(boolean wantSigned) {
            this.wantAuthnRequestsSigned = wantSigned;
            return this;
        }

        /**
         * Whether IdP-initiated (unsolicited) responses are accepted; false by default, as they can be
         * replayed into another browser.
         */
        public Builder unsolicitedResponsesAllowed(boolean allowed) {
            this.unsolicitedResponsesAllowed = allowed;
            return this;
        }

        /** Whether this IdP's emails are vouched for, and so may link accounts; false by default. */
        public Builder emailsVerified(boolean verified) {
            this.emailsVerified = verified;
            return this;
        }

        /** Names of the attributes that carry group memberships (e.g. {@code memberOf}). */
        public Builder groupAttributes(String... names) {
            groupAttributes.addAll(List.of(names));
            return this;
        }

        /** The IdP; refuses (IllegalArgumentException) one without a signing certificate. */
        public SamlIdentityProvider build() {
            if (signingCertificates.isEmpty()) {
                throw new IllegalArgumentException("signingCertificates cannot be empty for [" + entityId + "]");
            }
            return new SamlIdentityProvider(this);
        }
    }
}
