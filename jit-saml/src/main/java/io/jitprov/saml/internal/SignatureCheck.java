package io.jitprov.saml.internal;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.impl.SignatureImpl;
import org.opensaml.xmlsec.signature.support.SignatureException;

/**
 * Verifies one enveloped signature of a Response or Assertion: it must follow the SAML signature
 * profile (SAML core 5.4: exactly one Reference, to its parent's ID, enveloped + exclusive c14n
 * transforms only), use allowed algorithms, and verify with a key from the IdP's metadata. KeyInfo
 * in the message is never looked at.
 */
public final class SignatureCheck {

    private final SignaturePolicy policy;
    private final SAMLSignatureProfileValidator profile = new SAMLSignatureProfileValidator();

    public SignatureCheck(SignaturePolicy policy) {
        this.policy = policy;
    }

    public SignaturePolicy policy() {
        return policy;
    }

    /**
     * Verifies {@code signed}'s signature with one of {@code trusted}.
     *
     * @return false when it follows the profile and the policy but no trusted key verifies it,
     *     which may mean the signer rotated its key
     * @throws JitAuthenticationException when it breaks the profile or the algorithm policy, or
     *     only a key the policy refuses verifies it
     */
    public boolean verify(SignableSAMLObject signed, List<X509Certificate> trusted, String what) {
        Signature signature = signed.getSignature();
        if (signature == null) {
            throw new IllegalStateException(what + " is not signed");
        }
        try {
            profile.validate(signature);
        } catch (SignatureException e) {
            throw refuse(JitErrorCodes.INVALID_SIGNATURE, "The signature of the " + what
                    + " does not follow the SAML signature profile: " + e.getMessage());
        }
        checkAlgorithms(signature, what);
        XMLSignature xml = ((SignatureImpl) signature).getXMLSignature();
        if (!digestsMatch(xml)) {
            return false;
        }
        boolean weakKeyVerifies = false;
        for (X509Certificate certificate : trusted) {
            PublicKey key = certificate.getPublicKey();
            boolean verifies = verifies(signature, key);
            if (verifies && policy.acceptsKey(key)) {
                return true;
            }
            weakKeyVerifies |= verifies;
        }
        if (weakKeyVerifies) {
            throw refuse(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "The " + what + " is signed with a key the policy refuses ("
                    + describeKeys(trusted) + "; RSA keys need at least " + policy.minimumRsaKeyBits() + " bits)");
        }
        return false;
    }

    /**
     * Santuario's own steps of {@code XMLSignature.checkSignatureValue} (canonicalise SignedInfo,
     * verify the SignatureValue; the digests were checked before), called one by one because that
     * method logs a WARNING for every signature that does not verify, which anyone could provoke at
     * will (and a key rollover does on each login). Calling it as well, after these passed, would
     * verify every genuine response twice.
     */
    private static boolean verifies(Signature signature, PublicKey key) {
        return signatureValueVerifies(((SignatureImpl) signature).getXMLSignature(), key);
    }

    /** Whether {@code key} made the SignatureValue over the canonical SignedInfo (XML Signature 3.2.2). */
    private static boolean signatureValueVerifies(XMLSignature xml, PublicKey key) {
        try {
            SignedInfo signedInfo = xml.getSignedInfo();
            SignatureAlgorithm algorithm = signedInfo.getSignatureAlgorithm();
            algorithm.initVerify(key);
            algorithm.update(signedInfo.getCanonicalizedOctetStream());
            return algorithm.verify(xml.getSignatureValue());
        } catch (XMLSecurityException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether every Reference's digest matches what it references after its transforms (XML Signature 3.2.1). */
    private static boolean digestsMatch(XMLSignature xml) {
        try {
            SignedInfo signedInfo = xml.getSignedInfo();
            for (int i = 0; i < signedInfo.getLength(); i++) {
                Reference reference = signedInfo.item(i);
                byte[] referenced = reference.getReferencedBytes();
                MessageDigestAlgorithm digest = reference.getMessageDigestAlgorithm();
                digest.reset();
                if (referenced == null || !MessageDigest.isEqual(reference.getDigestValue(), digest.digest(referenced))) {
                    return false;
                }
            }
            return true;
        } catch (XMLSecurityException | RuntimeException e) {
            return false;
        }
    }

    private void checkAlgorithms(Signature signature, String what) {
        String method = signature.getSignatureAlgorithm();
        if (method == null || !policy.signatureAlgorithms().contains(method)) {
            throw refuse(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "The " + what + " is signed with ["
                    + method + "], which is not allowed");
        }
        XMLSignature xmlSignature = ((SignatureImpl) signature).getXMLSignature();
        try {
            SignedInfo signedInfo = xmlSignature.getSignedInfo();
            for (int i = 0; i < signedInfo.getLength(); i++) {
                Reference reference = signedInfo.item(i);
                String digest = reference.getMessageDigestAlgorithm().getAlgorithmURI();
                if (!policy.digestAlgorithms().contains(digest)) {
                    throw refuse(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "The " + what + " signature digests with ["
                            + digest + "], which is not allowed");
                }
            }
        } catch (XMLSecurityException e) {
            throw refuse(JitErrorCodes.INVALID_SIGNATURE, "The signature of the " + what + " cannot be read");
        }
    }

    private static String describeKeys(List<X509Certificate> trusted) {
        return trusted.stream().map(c -> SignaturePolicy.describeKey(c.getPublicKey()))
                .distinct().reduce((a, b) -> a + ", " + b).orElse("no key");
    }

    private static JitAuthenticationException refuse(String code, String description) {
        return new JitAuthenticationException(code, description);
    }
}
