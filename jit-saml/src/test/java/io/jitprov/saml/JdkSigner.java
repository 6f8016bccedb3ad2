package io.jitprov.saml;

import java.util.List;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.w3c.dom.Element;

/**
 * Signs with the JDK's own XML Signature implementation (javax.xml.crypto.dsig), so that some
 * tests do not have the verifier's library on both sides.
 */
final class JdkSigner {

    private JdkSigner() {
    }

    /** Adds an enveloped, exclusive-c14n signature to {@code element} (a SAML Assertion or Response). */
    static void sign(Element element, SamlCredential signer, String signatureMethod) {
        sign(element, signer, signatureMethod, CanonicalizationMethod.EXCLUSIVE, true);
    }

    /**
     * As above, with SignedInfo canonicalized by {@code signedInfoC14n}, and the Reference
     * transformed by the enveloped-signature transform alone unless {@code exclusiveTransform}.
     */
    static void sign(Element element, SamlCredential signer, String signatureMethod, String signedInfoC14n,
            boolean exclusiveTransform) {
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            String id = element.getAttribute("ID");
            element.setIdAttribute("ID", true);
            Reference reference = factory.newReference("#" + id,
                    factory.newDigestMethod(DigestMethod.SHA256, null),
                    exclusiveTransform
                            ? List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                                    factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null))
                            : List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(signedInfoC14n, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(signatureMethod, null), List.of(reference));
            DOMSignContext context = new DOMSignContext(signer.privateKey(), element, Xml.afterIssuer(element));
            context.setDefaultNamespacePrefix("ds");
            factory.newXMLSignature(signedInfo, null).sign(context);
        } catch (Exception e) {
            throw new IllegalStateException("JDK signing failed", e);
        }
    }

    static String rsaSha256() {
        return SignatureMethod.RSA_SHA256;
    }
}
