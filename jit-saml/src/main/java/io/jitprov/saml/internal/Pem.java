package io.jitprov.saml.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads keys and certificates in PEM (Bouncy Castle does the parsing) or bare base64 DER. */
public final class Pem {

    private Pem() {
    }

    public static X509Certificate certificate(String pemOrBase64) throws CertificateException {
        String text = pemOrBase64.trim();
        byte[] der;
        if (text.startsWith("-----BEGIN")) {
            String body = text.replaceAll("-----[A-Z ]+-----", "");
            der = Base64.getMimeDecoder().decode(body);
        } else {
            try {
                der = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new CertificateException("Not base64", e);
            }
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** A PKCS#8 ({@code BEGIN PRIVATE KEY}) or traditional ({@code BEGIN RSA/EC PRIVATE KEY}) unencrypted key. */
    public static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                // Only the private part: SEC1 EC keys may leave the public key out.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            throw new IllegalArgumentException("No unencrypted private key in the PEM text");
        } catch (IOException e) {
            throw new IllegalArgumentException("The private key PEM cannot be read", e);
        }
    }

    public static String encode(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
