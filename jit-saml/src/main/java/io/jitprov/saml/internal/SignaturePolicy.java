package io.jitprov.saml.internal;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.apache.xml.security.signature.XMLSignature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * The algorithms and key sizes a signature may use. The defaults follow current guidance:
 * RSA-SHA2, RSA-PSS and ECDSA with SHA-2; no SHA-1, MD5, DSA or HMAC; RSA keys of at least 2048 bits.
 *
 * @param signatureAlgorithms allowed SignatureMethod URIs
 * @param digestAlgorithms allowed DigestMethod URIs
 * @param minimumRsaKeyBits the smallest RSA modulus accepted
 */
public record SignaturePolicy(Set<String> signatureAlgorithms, Set<String> digestAlgorithms, int minimumRsaKeyBits) {

    public static final Set<String> DEFAULT_SIGNATURE_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256_MGF1,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384_MGF1,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512_MGF1,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_PSS);

    public static final Set<String> DEFAULT_DIGEST_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384,
            SignatureConstants.ALGO_ID_DIGEST_SHA512);

    public static final int DEFAULT_MINIMUM_RSA_KEY_BITS = 2048;

    public static final SignaturePolicy DEFAULT = new SignaturePolicy(DEFAULT_SIGNATURE_ALGORITHMS,
            DEFAULT_DIGEST_ALGORITHMS, DEFAULT_MINIMUM_RSA_KEY_BITS);

    public SignaturePolicy {
        signatureAlgorithms = Set.copyOf(signatureAlgorithms);
        digestAlgorithms = Set.copyOf(digestAlgorithms);
    }

    /** Whether signatures made with {@code key} may be trusted at all. */
    boolean acceptsKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() >= minimumRsaKeyBits;
        }
        return key instanceof ECPublicKey;
    }

    static String describeKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA key of " + rsa.getModulus().bitLength() + " bits";
        }
        return key.getAlgorithm() + " key";
    }
}
