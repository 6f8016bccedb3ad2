package io.jitprov.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * This application as a SAML service provider: its entityID, where assertions are posted to,
 * and its keys.
 *
 * @since 0.1
 */
public final class SamlServiceProvider {

    private final String entityId;
    private final String acsUrl;
    private final List<PrivateKey> decryptionKeys;
    private final List<X509Certificate> encryptionCertificates;
    private final @Nullable SamlCredential signingCredential;
    private final @Nullable String sloUrl;

    private SamlServiceProvider(Builder b) {
        this.entityId = b.entityId;
        this.acsUrl = Objects.requireNonNull(b.acsUrl, "acsUrl cannot be null");
        this.decryptionKeys = List.copyOf(b.decryptionKeys);
        this.encryptionCertificates = List.copyOf(b.encryptionCertificates);
        this.signingCredential = b.signingCredential;
        this.sloUrl = b.sloUrl;
    }

    /** Starts a service provider with this entityID. */
    public static Builder withEntityId(String entityId) {
        return new Builder(entityId);
    }

    /**
     * Starts a service provider whose endpoints live under {@code endpointsBase}, the application's
     * {@code baseUrl} followed by jit's {@code basePath} (e.g. {@code https://app.example/sso}), the
     * way JitFilter serves them: entityID {@code {base}/saml}, ACS {@code {base}/saml/acs}, single
     * logout {@code {base}/saml/slo}. Derived once, so that none is typed twice and disagrees.
     */
    public static Builder at(String endpointsBase) {
        String base = endpointsBase.endsWith("/") ? endpointsBase.substring(0, endpointsBase.length() - 1)
                : endpointsBase;
        return new Builder(base + "/saml").acsUrl(base + "/saml/acs").sloUrl(base + "/saml/slo");
    }

    /** The SP's entityID: the audience assertions must name. */
    public String entityId() {
        return entityId;
    }

    /** The assertion consumer service URL: the audience's address, Destination and Recipient. */
    public String acsUrl() {
        return acsUrl;
    }

    /** Keys that decrypt what IdPs encrypt to us; several during a key rollover. */
    public List<PrivateKey> decryptionKeys() {
        return decryptionKeys;
    }

    /** Certificates our metadata offers IdPs to encrypt to. */
    public List<X509Certificate> encryptionCertificates() {
        return encryptionCertificates;
    }

    /** The key AuthnRequests and logout messages are signed with, if any. */
    public Optional<SamlCredential> signingCredential() {
        return Optional.ofNullable(signingCredential);
    }

    /** Where IdPs send logout requests (HTTP-Redirect and HTTP-POST), if single logout is offered. */
    public Optional<String> sloUrl() {
        return Optional.ofNullable(sloUrl);
    }

    /** Configures a {@link SamlServiceProvider}; the ACS URL is required. */
    public static final class Builder {

        private final String entityId;
        private @Nullable String acsUrl;
        private final List<PrivateKey> decryptionKeys = new ArrayList<>();
        private final List<X509Certificate> encryptionCertificates = new ArrayList<>();
        private @Nullable SamlCredential signingCredential;
        private @Nullable String sloUrl;

        private Builder(String entityId) {
            Objects.requireNonNull(entityId, "entityId cannot be null");
            if (entityId.isEmpty()) {
                throw new IllegalArgumentException("entityId cannot be empty");
            }
            this.entityId = entityId;
        }

        /** The AssertionConsumerService URL responses must be sent to (Destination, Recipient); required. */
        public Builder acsUrl(String acsUrl) {
            Objects.requireNonNull(acsUrl, "acsUrl cannot be null");
            if (acsUrl.isEmpty()) {
                throw new IllegalArgumentException("acsUrl cannot be empty");
            }
            this.acsUrl = acsUrl;
            return this;
        }

        /** A key to decrypt with, whose certificate our metadata offers for encryption. */
        public Builder decryptionCredential(SamlCredential credential) {
            Objects.requireNonNull(credential, "credential cannot be null");
            decryptionKeys.add(credential.privateKey());
            encryptionCertificates.add(credential.certificate());
            return this;
        }

        /** A key to decrypt with only, e.g. the previous key after a rollover. */
        public Builder decryptionKey(PrivateKey key) {
            decryptionKeys.add(Objects.requireNonNull(key, "key cannot be null"));
            return this;
        }

        /** The key AuthnRequests, LogoutResponses and SP metadata are signed with, when an IdP wants them signed. */
        public Builder signingCredential(SamlCredential credential) {
            this.signingCredential = Objects.requireNonNull(credential, "credential cannot be null");
            return this;
        }

        /** The SingleLogoutService URL IdPs send LogoutRequests to. */
        public Builder sloUrl(String sloUrl) {
            this.sloUrl = Objects.requireNonNull(sloUrl, "sloUrl cannot be null");
            return this;
        }

        /** The service provider; an ACS URL is required (NullPointerException without one). */
        public SamlServiceProvider build() {
            return new SamlServiceProvider(this);
        }
    }
}
