package io.jitprov.saml;

import io.jitprov.saml.internal.Pem;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A private key of this service provider and its certificate: for decrypting assertions
 * encrypted to us, and for signing requests.
 *
 * @param privateKey the private key
 * @param certificate the certificate published in our metadata
 * @since 0.1
 */
public record SamlCredential(PrivateKey privateKey, X509Certificate certificate) {

    /** Refuses a missing key or certificate. */
    public SamlCredential {
        Objects.requireNonNull(privateKey, "privateKey cannot be null");
        Objects.requireNonNull(certificate, "certificate cannot be null");
    }

    /**
     * Reads an unencrypted private key (PKCS#8 {@code BEGIN PRIVATE KEY}, or PKCS#1/SEC1) and a
     * certificate, both PEM.
     */
    public static SamlCredential fromPem(String privateKeyPem, String certificatePem) {
        try {
            return new SamlCredential(Pem.privateKey(privateKeyPem), Pem.certificate(certificatePem));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("The certificate PEM cannot be read", e);
        }
    }

    /** Reads an unencrypted private key in PEM (PKCS#8, or PKCS#1/SEC1). */
    public static PrivateKey readPrivateKey(String privateKeyPem) {
        return Pem.privateKey(privateKeyPem);
    }

    @Override
    public String toString() {
        return "SamlCredential[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
