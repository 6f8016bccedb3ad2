package io.jitprov.saml;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.core.xml.util.XMLObjectSupport;

/** How this SP signs what it sends: RSA-SHA256 or ECDSA-SHA256, SHA-256 digests, exclusive c14n. */
final class SamlSigning {

    private SamlSigning() {
    }

    static String signatureAlgorithm(PrivateKey key) {
        return key instanceof ECPrivateKey ? SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256
                : SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
    }

    static Credential credential(SamlCredential signer) {
        return new BasicX509Credential(signer.certificate(), signer.privateKey());
    }

    /** Attaches an (unsigned) enveloped signature; sign with {@code Signer.signObject} after marshalling. */
    static Signature prepare(SignableSAMLObject object, SamlCredential signer) {
        Signature signature = (Signature) XMLObjectSupport.buildXMLObject(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(credential(signer));
        signature.setSignatureAlgorithm(signatureAlgorithm(signer.privateKey()));
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        object.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0))
                .setDigestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA256);
        return signature;
    }
}
