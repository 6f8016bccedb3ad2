package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.credential.CredentialSupport;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.impl.SignatureImpl;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;

/**
 * Verifies one enveloped signature of a Response or Assertion: it must follow the SAML signature
 * profile (SAML core 5.4: exactly one Reference, to its parent's ID, enveloped + exclusive c14n
 * transforms only), use allowed algorithms, and verify with a key from the IdP's metadata. KeyInfo
 * in the message is never looked at.
 */
final class SignatureCheck {

    private final SignaturePolicy policy;
    private final SAMLSignatureProfileValidator profile = new SAMLSignatureProfileValidator();

    SignatureCheck(SignaturePolicy policy) {
        this.policy = policy;
    }

    void verify(SignableSAMLObject signed, SamlIdentityProvider idp, String what) {
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
        boolean weakKeyVerifies = false;
        for (X509Certificate certificate : idp.signingCertificates()) {
            PublicKey key = certificate.getPublicKey();
            boolean verifies = verifies(signature, key);
            if (verifies && policy.acceptsKey(key)) {
                return;
            }
            weakKeyVerifies |= verifies;
        }
        if (weakKeyVerifies) {
            throw refuse(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "The " + what + " is signed with a key the policy refuses ("
                    + describeKeys(idp) + "; RSA keys need at least " + policy.minimumRsaKeyBits() + " bits)");
        }
        throw refuse(JitErrorCodes.INVALID_SIGNATURE, "The signature of the " + what
                + " does not verify with any signing key of [" + idp.entityId() + "]");
    }

    private static boolean verifies(Signature signature, PublicKey key) {
        try {
            SignatureValidator.validate(signature, CredentialSupport.getSimpleCredential(key, null));
            return true;
        } catch (SignatureException e) {
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

    private String describeKeys(SamlIdentityProvider idp) {
        return idp.signingCertificates().stream().map(c -> SignaturePolicy.describeKey(c.getPublicKey()))
                .distinct().reduce((a, b) -> a + ", " + b).orElse("no key");
    }

    private static JitAuthenticationException refuse(String code, String description) {
        return new JitAuthenticationException(code, description);
    }
}
