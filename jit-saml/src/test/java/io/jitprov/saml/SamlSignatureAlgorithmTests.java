package io.jitprov.saml;

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
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Algorithms the policy does not allow, including URIs the XML signature library does not know:
 * refused as such, naming the URI, before anything tries to read the signature with them.
 */
class SamlSignatureAlgorithmTests {

    /** Not a digest URI XML Signature defines (SHA-384 is xmldsig-more#sha384); the library knows no such digest. */
    static final String UNKNOWN_DIGEST = "http://www.w3.org/2001/04/xmlenc#sha384";
    /** RSA-SHA1 under a namespace that never defined it. */
    static final String UNKNOWN_SIGNATURE = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha1";

    private static Document assertionSigned() {
        return Xml.parse(TestResponse.valid().xml());
    }

    private static Document responseSigned() {
        return Xml.parse(TestResponse.valid().with(r -> {
            r.assertionSigner = null;
            r.responseSigner = TestKeys.IDP;
        }).xml());
    }

    private static Element assertionSignature(Document doc) {
        return signatureOf(first(doc.getDocumentElement(), SAML, "Assertion"));
    }

    private static void setAlgorithm(Element signature, String element, String uri) {
        first(signature, DS, element).setAttribute("Algorithm", uri);
    }

    private static void assertAlgorithmRefused(Document doc, String uri) {
        assertThatThrownBy(() -> verifier().verify(Xml.base64(doc), request()))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.ALGORITHM_NOT_ALLOWED);
                    assertThat(e.error().description()).contains(uri);
                });
    }

    @Test
    void verifyWhenAssertionDigestMethodIsUnknownThenAlgorithmNotAllowedNamingIt() {
        Document doc = assertionSigned();
        setAlgorithm(assertionSignature(doc), "DigestMethod", UNKNOWN_DIGEST);

        assertAlgorithmRefused(doc, UNKNOWN_DIGEST);
    }

    @Test
    void verifyWhenAssertionSignatureMethodIsUnknownThenAlgorithmNotAllowedNamingIt() {
        Document doc = assertionSigned();
        setAlgorithm(assertionSignature(doc), "SignatureMethod", UNKNOWN_SIGNATURE);

        assertAlgorithmRefused(doc, UNKNOWN_SIGNATURE);
    }

    @Test
    void verifyWhenResponseDigestMethodIsUnknownThenAlgorithmNotAllowedNamingIt() {
        Document doc = responseSigned();
        setAlgorithm(signatureOf(doc.getDocumentElement()), "DigestMethod", UNKNOWN_DIGEST);

        assertAlgorithmRefused(doc, UNKNOWN_DIGEST);
    }

    @Test
    void verifyWhenResponseSignatureMethodIsUnknownThenAlgorithmNotAllowedNamingIt() {
        Document doc = responseSigned();
        setAlgorithm(signatureOf(doc.getDocumentElement()), "SignatureMethod", UNKNOWN_SIGNATURE);

        assertAlgorithmRefused(doc, UNKNOWN_SIGNATURE);
    }

    @Test
    void verifyWhenASecondReferenceDigestsWithAnUnknownAlgorithmThenAlgorithmNotAllowedBeforeTheProfile() {
        // Two references break the SAML profile too; the algorithm is what the administrator must fix first.
        Document doc = assertionSigned();
        Element signature = assertionSignature(doc);
        Element reference = first(signature, DS, "Reference");
        Element second = (Element) reference.cloneNode(true);
        first(second, DS, "DigestMethod").setAttribute("Algorithm", UNKNOWN_DIGEST);
        reference.getParentNode().appendChild(second);

        assertAlgorithmRefused(doc, UNKNOWN_DIGEST);
    }
}
