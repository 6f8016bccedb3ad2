package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.assertRefused;
import static io.jitprov.saml.SamlFixture.request;
import static io.jitprov.saml.SamlFixture.verifier;
import static io.jitprov.saml.Xml.DS;
import static io.jitprov.saml.Xml.SAML;
import static io.jitprov.saml.Xml.first;
import static io.jitprov.saml.Xml.signatureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.util.function.Consumer;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SAML signature profile (SAML core 5.4) and XML Signature's element structure, checked on the
 * DOM before any library reads the signature: each break is a typed refusal of its own.
 */
class SamlSignatureProfileTests {

    private static final String MORE = "http://www.w3.org/2007/05/xmldsig-more#";

    /** A response whose assertion signature {@code change} breaks. */
    private static String broken(Consumer<Element> change) {
        Document doc = Xml.parse(TestResponse.valid().xml());
        change.accept(signatureOf(first(doc.getDocumentElement(), SAML, "Assertion")));
        return Xml.base64(doc);
    }

    private static Element ds(Element near, String localName) {
        return near.getOwnerDocument().createElementNS(DS, "ds:" + localName);
    }

    private static Element pss(Element signature, String digest) {
        Element method = first(signature, DS, "SignatureMethod");
        method.setAttribute("Algorithm", XMLSignature.ALGO_ID_SIGNATURE_RSA_PSS);
        Element params = signature.getOwnerDocument().createElementNS(MORE, "pss:RSAPSSParams");
        Element digestMethod = ds(signature, "DigestMethod");
        digestMethod.setAttribute("Algorithm", digest);
        params.appendChild(digestMethod);
        method.appendChild(params);
        return params;
    }

    private static void refused(Consumer<Element> change, String code) {
        assertRefused(() -> verifier().verify(broken(change), request()), code);
    }

    @Test
    void verifyWhenTheSignedInfoIsNotAsTheSchemaOrdersItThenInvalidSignature() {
        refused(s -> s.removeChild(first(s, DS, "SignedInfo")), JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> s.removeChild(first(s, DS, "SignatureValue")), JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> s.appendChild(ds(s, "Object")), JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> s.insertBefore(ds(s, "Nonsense"), first(s, DS, "SignatureValue").getNextSibling()),
                JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> first(s, DS, "SignedInfo").removeChild(first(s, DS, "CanonicalizationMethod")),
                JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyWhenTheReferenceBreaksTheProfileThenInvalidSignature() {
        refused(s -> first(s, DS, "SignedInfo").removeChild(first(s, DS, "Reference")), JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> first(s, DS, "SignedInfo").appendChild(first(s, DS, "Reference").cloneNode(true)),
                JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> first(s, DS, "Reference").setAttribute("URI", "#_someone-else"), JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> first(s, DS, "Reference").appendChild(ds(s, "Object")), JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> first(s, DS, "Reference").removeChild(first(s, DS, "DigestValue")), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyWhenTransformsAreNotEnvelopedAndExclusiveC14nThenInvalidSignature() {
        refused(s -> first(s, DS, "Transform").setAttribute("Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116"),
                JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> {
            Element transforms = first(s, DS, "Transforms");
            transforms.removeChild(first(s, DS, "Transform"));
        }, JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> {
            Element transforms = first(s, DS, "Transforms");
            while (transforms.getFirstChild() != null) {
                transforms.removeChild(transforms.getFirstChild());
            }
        }, JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> {
            Element transform = first(s, DS, "Transform");
            transform.getParentNode().appendChild(transform.cloneNode(true));
            transform.getParentNode().appendChild(transform.cloneNode(true));
        }, JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyWhenASignatureSitsWhereNoneBelongsOrTwiceThenInvalidSignature() {
        refused(s -> first((Element) s.getParentNode(), SAML, "Subject").appendChild(s.cloneNode(true)),
                JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> s.getParentNode().insertBefore(s.cloneNode(true), s), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyWhenTheSignatureMethodCarriesParametersItDoesNotTakeThenInvalidSignature() {
        refused(s -> first(s, DS, "SignatureMethod").appendChild(ds(s, "HMACOutputLength")), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyWhenRsaPssParametersAreMissingOrWrongThenRefusedBeforeTheLibraryReadsThem() {
        refused(s -> first(s, DS, "SignatureMethod").setAttribute("Algorithm", XMLSignature.ALGO_ID_SIGNATURE_RSA_PSS),
                JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> pss(s, "http://www.w3.org/2000/09/xmldsig#sha1"), JitErrorCodes.ALGORITHM_NOT_ALLOWED);
        refused(s -> {
            Element salt = s.getOwnerDocument().createElementNS(MORE, "pss:SaltLength");
            salt.setTextContent("-1");
            pss(s, "http://www.w3.org/2001/04/xmlenc#sha256").appendChild(salt);
        }, JitErrorCodes.INVALID_SIGNATURE);
        refused(s -> {
            Element trailer = s.getOwnerDocument().createElementNS(MORE, "pss:TrailerField");
            trailer.setTextContent("2");
            pss(s, "http://www.w3.org/2001/04/xmlenc#sha256").appendChild(trailer);
        }, JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyWhenRsaPssParametersAreWellFormedButTheValueWasMadeWithPkcs1ThenItDoesNotVerify() {
        // Well-formed parameters (RFC 6931 2.3.10) reach the library, which must then find that the value does not verify.
        String posted = broken(s -> {
            Element params = pss(s, "http://www.w3.org/2001/04/xmlenc#sha256");
            Element mgf = s.getOwnerDocument().createElementNS(MORE, "pss:MaskGenerationFunction");
            mgf.setAttribute("Algorithm", "http://www.w3.org/2007/05/xmldsig-more#MGF1");
            Element salt = s.getOwnerDocument().createElementNS(MORE, "pss:SaltLength");
            salt.setTextContent("32");
            Element trailer = s.getOwnerDocument().createElementNS(MORE, "pss:TrailerField");
            trailer.setTextContent("1");
            params.appendChild(mgf);
            params.appendChild(salt);
            params.appendChild(trailer);
        });

        assertThatThrownBy(() -> verifier().verify(posted, request()))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.INVALID_SIGNATURE);
                    assertThat(e.error().description()).contains("does not verify");
                });
    }

    @Test
    void verifyWhenSignedInfoIsCanonicalizedWithAnUnknownAlgorithmThenAlgorithmNotAllowed() {
        refused(s -> first(s, DS, "CanonicalizationMethod").setAttribute("Algorithm", "urn:x-c14n"),
                JitErrorCodes.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifyWhenSignedInfoUsesInclusiveC14nAndOnlyTheEnvelopedTransformThenStillVerified() {
        // Both are allowed by XML Signature and the SAML profile; the pre-check must read them as the library does.
        Document doc = Xml.parse(TestResponse.valid().with(r -> r.assertionSigner = null).xml());
        JdkSigner.sign(first(doc.getDocumentElement(), SAML, "Assertion"), TestKeys.IDP, JdkSigner.rsaSha256(),
                javax.xml.crypto.dsig.CanonicalizationMethod.INCLUSIVE, false);

        assertThat(verifier().verify(Xml.base64(doc), request()).subject()).isEqualTo("alice-0001");
    }
}
