package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.assertRefused;
import static io.jitprov.saml.SamlFixture.idp;
import static io.jitprov.saml.SamlFixture.request;
import static io.jitprov.saml.SamlFixture.verifier;
import static io.jitprov.saml.Xml.DS;
import static io.jitprov.saml.Xml.SAML;
import static io.jitprov.saml.Xml.SAMLP;
import static io.jitprov.saml.Xml.afterIssuer;
import static io.jitprov.saml.Xml.evilCopy;
import static io.jitprov.saml.Xml.first;
import static io.jitprov.saml.Xml.signatureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.saml.internal.Pem;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Text;

/**
 * Signature wrapping in the eight forms of Somorovsky et al., "On Breaking SAML: Be Whoever You
 * Want to Be" (USENIX Security 2012), and the other ways a signature gets abused.
 */
class SamlSignatureAttackTests {

    private static Document assertionSigned() {
        return Xml.parse(TestResponse.valid().xml());
    }

    private static Document responseSigned() {
        return Xml.parse(TestResponse.valid().with(r -> {
            r.assertionSigner = null;
            r.responseSigner = TestKeys.IDP;
        }).xml());
    }

    @Test
    void sanityWhenDomRoundTripsUntouchedThenStillAccepted() {
        assertThat(verifier().verify(Xml.base64(assertionSigned()), request()).subject()).isEqualTo("alice-0001");
        assertThat(verifier().verify(Xml.base64(responseSigned()), request()).subject()).isEqualTo("alice-0001");
    }

    /** XSW1: an evil response carries the original signed response inside its Signature. */
    @Test
    void xsw1WhenOriginalResponseInsideSignatureOfEvilResponseThenRefused() {
        Document doc = responseSigned();
        Element original = doc.getDocumentElement();
        Element evil = (Element) original.cloneNode(true);
        evil.setAttribute("ID", "_evil-response");
        Element signature = signatureOf(original);
        evil.replaceChild(signature, signatureOf(evil));
        first(evil, SAML, "NameID").setTextContent("admin");
        first(evil, SAML, "Assertion").setAttribute("ID", "_evil-assertion");
        doc.replaceChild(evil, original);
        signature.appendChild(original);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.MULTIPLE_ASSERTIONS);
    }

    /** XSW2: like XSW1, the original response a sibling before the (now detached) signature. */
    @Test
    void xsw2WhenOriginalResponseBesideDetachedSignatureThenRefused() {
        Document doc = responseSigned();
        Element original = doc.getDocumentElement();
        Element evil = (Element) original.cloneNode(true);
        evil.setAttribute("ID", "_evil-response");
        Element signature = signatureOf(original);
        evil.replaceChild(signature, signatureOf(evil));
        first(evil, SAML, "NameID").setTextContent("admin");
        first(evil, SAML, "Assertion").setAttribute("ID", "_evil-assertion");
        doc.replaceChild(evil, original);
        evil.insertBefore(original, signature);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.MULTIPLE_ASSERTIONS);
    }

    /** XSW3: an evil assertion placed before the original signed one. */
    @Test
    void xsw3WhenEvilAssertionBeforeSignedOneThenRefused() {
        Document doc = assertionSigned();
        Element original = first(doc.getDocumentElement(), SAML, "Assertion");
        original.getParentNode().insertBefore(evilCopy(original, "_evil", "admin"), original);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.MULTIPLE_ASSERTIONS);
    }

    /** XSW4: the evil assertion wraps the original signed one. */
    @Test
    void xsw4WhenEvilAssertionWrapsSignedOneThenRefused() {
        Document doc = assertionSigned();
        Element original = first(doc.getDocumentElement(), SAML, "Assertion");
        Element evil = evilCopy(original, "_evil", "admin");
        original.getParentNode().replaceChild(evil, original);
        evil.appendChild(original);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.MULTIPLE_ASSERTIONS);
    }

    /** XSW5: the evil assertion takes the original's signature; the original moves to the end. */
    @Test
    void xsw5WhenEvilAssertionCarriesTheSignatureAndOriginalIsAppendedThenRefused() {
        Document doc = assertionSigned();
        Element response = doc.getDocumentElement();
        Element original = first(response, SAML, "Assertion");
        Element evil = evilCopy(original, "_evil", "admin");
        evil.insertBefore(signatureOf(original), afterIssuer(evil));
        response.replaceChild(evil, original);
        response.appendChild(original);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.MULTIPLE_ASSERTIONS);
    }

    /** XSW6: the evil assertion takes the signature, with the original inside that signature. */
    @Test
    void xsw6WhenOriginalInsideTheSignatureOfEvilAssertionThenRefused() {
        Document doc = assertionSigned();
        Element response = doc.getDocumentElement();
        Element original = first(response, SAML, "Assertion");
        Element evil = evilCopy(original, "_evil", "admin");
        Element signature = signatureOf(original);
        evil.insertBefore(signature, afterIssuer(evil));
        response.replaceChild(evil, original);
        signature.appendChild(original);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.MULTIPLE_ASSERTIONS);
    }

    /** XSW7: the original hides in an Extensions element; the evil assertion takes its place. */
    @Test
    void xsw7WhenOriginalHiddenInExtensionsThenRefused() {
        Document doc = assertionSigned();
        Element response = doc.getDocumentElement();
        Element original = first(response, SAML, "Assertion");
        Element evil = evilCopy(original, "_evil", "admin");
        Element extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
        response.insertBefore(extensions, first(response, SAMLP, "Status"));
        response.replaceChild(evil, original);
        extensions.appendChild(original);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.MULTIPLE_ASSERTIONS);
    }

    /** XSW8: the evil assertion takes the signature; the original sits in a ds:Object inside it. */
    @Test
    void xsw8WhenOriginalInObjectOfSignatureThenRefused() {
        Document doc = assertionSigned();
        Element response = doc.getDocumentElement();
        Element original = first(response, SAML, "Assertion");
        Element evil = evilCopy(original, "_evil", "admin");
        Element signature = signatureOf(original);
        evil.insertBefore(signature, afterIssuer(evil));
        response.replaceChild(evil, original);
        Element object = doc.createElementNS(DS, "ds:Object");
        signature.appendChild(object);
        object.appendChild(original);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.MULTIPLE_ASSERTIONS);
    }

    @Test
    void wrappingWhenOnlyEvilAssertionRemainsUnderAMovedSignatureThenRefused() {
        // The attacker keeps one assertion (theirs) and the signature that references the original ID.
        Document doc = assertionSigned();
        Element response = doc.getDocumentElement();
        Element original = first(response, SAML, "Assertion");
        Element evil = evilCopy(original, "_evil", "admin");
        evil.insertBefore(signatureOf(original), afterIssuer(evil));
        response.replaceChild(evil, original);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void stripWhenSignatureRemovedThenSignatureMissing() {
        Document doc = assertionSigned();
        Element assertion = first(doc.getDocumentElement(), SAML, "Assertion");
        assertion.removeChild(signatureOf(assertion));

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.SIGNATURE_MISSING);
    }

    @Test
    void tamperWhenSignedNameIdChangedThenInvalidSignature() {
        Document doc = assertionSigned();
        first(doc.getDocumentElement(), SAML, "NameID").setTextContent("admin");

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void tamperWhenUnsignedResponseAroundSignedAssertionChangesThenAssertionStillRules() {
        // Response-level fields are not covered by the assertion's signature, but identity comes only from it.
        Document doc = assertionSigned();
        doc.getDocumentElement().setAttribute("ID", "_changed");

        VerifiedIdentity identity = verifier().verify(Xml.base64(doc), request());

        assertThat(identity.subject()).isEqualTo("alice-0001");
    }

    @Test
    void duplicateIdWhenResponseAndAssertionShareAnIdThenRefused() {
        Document doc = assertionSigned();
        Element assertion = first(doc.getDocumentElement(), SAML, "Assertion");
        doc.getDocumentElement().setAttribute("ID", assertion.getAttribute("ID"));

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.DUPLICATE_ID);
    }

    @Test
    void duplicateIdWhenAnotherElementCarriesTheSignedIdThenRefused() {
        Document doc = assertionSigned();
        Element assertion = first(doc.getDocumentElement(), SAML, "Assertion");
        first(doc.getDocumentElement(), SAMLP, "Status").setAttribute("ID", assertion.getAttribute("ID"));

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.DUPLICATE_ID);
    }

    @Test
    void duplicateIdWhenAnExtensionCarriesTheSignedIdAsXmlIdThenRefused() {
        // OpenSAML registers xml:id (and wsu:Id) as ID attributes: the signed ID would then name two elements.
        Document doc = assertionSigned();
        Element assertion = first(doc.getDocumentElement(), SAML, "Assertion");
        Element extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
        Element other = doc.createElementNS("urn:x-vendor", "x:Other");
        other.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:id", assertion.getAttribute("ID"));
        extensions.appendChild(other);
        doc.getDocumentElement().insertBefore(extensions, first(doc.getDocumentElement(), SAMLP, "Status"));

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.DUPLICATE_ID);
    }

    @Test
    void keyInfoWhenSignedByAttackerWithEmbeddedCertificateThenInvalidSignature() {
        TestResponse forged = TestResponse.valid().with(r -> {
            r.assertionSigner = TestKeys.ATTACKER;
            r.keyInfo = true;
        });

        assertRefused(() -> verifier().verify(forged.base64(), request()), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void keyInfoWhenEmbeddedCertificateIsTheTrustedOneButKeyIsNotThenInvalidSignature() {
        // The KeyInfo names the IdP's real certificate; the signature is the attacker's.
        Document doc = Xml.parse(TestResponse.valid().with(r -> {
            r.assertionSigner = TestKeys.ATTACKER;
            r.keyInfo = true;
        }).xml());
        Element certificate = first(doc.getDocumentElement(), DS, "X509Certificate");
        certificate.setTextContent(Pem.encode(TestKeys.IDP.certificate()));

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void algorithmWhenRsaSha1ThenRefused() {
        TestResponse sha1 = TestResponse.valid().with(r -> r.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1);

        assertRefused(() -> verifier().verify(sha1.base64(), request()), JitErrorCodes.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void algorithmWhenSha1DigestThenRefused() {
        TestResponse sha1 = TestResponse.valid().with(r -> r.digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA1);

        assertRefused(() -> verifier().verify(sha1.base64(), request()), JitErrorCodes.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void keySizeWhenIdpKeyIs1024BitsThenRefusedUnlessPolicyLowered() {
        TestResponse weak = TestResponse.valid().with(r -> r.assertionSigner = TestKeys.IDP_WEAK);
        SamlIdentityProvider idp = idp(TestKeys.IDP_WEAK).build();

        assertRefused(() -> verifier(idp).build().verify(weak.base64(), request()), JitErrorCodes.ALGORITHM_NOT_ALLOWED);
        assertThat(verifier(idp).minimumRsaKeyBits(1024).build().verify(weak.base64(), request())).isNotNull();
    }

    @Test
    void commentInNameIdWhenInjectedThenTheWholeSignedValueIsTheSubject() {
        Document doc = Xml.parse(TestResponse.valid().with(r -> r.nameId = "alice@acme.test.evil.test").xml());
        Element nameId = first(doc.getDocumentElement(), SAML, "NameID");
        Text text = (Text) nameId.getFirstChild();
        Text tail = text.splitText("alice@acme.test".length());
        Comment comment = doc.createComment("");
        nameId.insertBefore(comment, tail);

        VerifiedIdentity identity = verifier().verify(Xml.base64(doc), request());

        assertThat(identity.subject()).isEqualTo("alice@acme.test.evil.test");
    }

    @Test
    void jdkSignerWhenAssertionSignedByIndependentImplementationThenAccepted() {
        Document doc = Xml.parse(TestResponse.valid().with(r -> r.assertionSigner = null).xml());
        JdkSigner.sign(first(doc.getDocumentElement(), SAML, "Assertion"), TestKeys.IDP, JdkSigner.rsaSha256());

        assertThat(verifier().verify(Xml.base64(doc), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void jdkSignerWhenResponseSignedByIndependentImplementationThenAccepted() {
        Document doc = Xml.parse(TestResponse.valid().with(r -> r.assertionSigner = null).xml());
        JdkSigner.sign(doc.getDocumentElement(), TestKeys.IDP, JdkSigner.rsaSha256());

        assertThat(verifier().verify(Xml.base64(doc), request()).subject()).isEqualTo("alice-0001");
    }

    private static Element emailValue(Document doc) {
        var attributes = doc.getElementsByTagNameNS(SAML, "Attribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element attribute = (Element) attributes.item(i);
            if (attribute.getAttribute("Name").equals("urn:oid:0.9.2342.19200300.100.1.3")) {
                return first(attribute, SAML, "AttributeValue");
            }
        }
        throw new IllegalStateException("No email attribute");
    }

    @Test
    void cdataWhenAttributeValueIsCdataUnderAnIndependentSignatureThenAcceptedWithItsText() {
        // c14n writes a CDATA section as its text, so the signature covers the same octets either way.
        Document doc = Xml.parse(TestResponse.valid().with(r -> r.assertionSigner = null).xml());
        Element value = emailValue(doc);
        value.setTextContent("alice@");
        value.appendChild(doc.createCDATASection("acme.test <&>"));
        JdkSigner.sign(first(doc.getDocumentElement(), SAML, "Assertion"), TestKeys.IDP, JdkSigner.rsaSha256());
        String xml = Xml.serialize(doc);
        assertThat(xml).contains("<![CDATA[acme.test <&>]]>");

        VerifiedIdentity identity = verifier().verify(TestResponse.encode(xml), request());

        assertThat(identity.attributes().get("urn:oid:0.9.2342.19200300.100.1.3")).containsExactly("alice@acme.test <&>");
    }

    @Test
    void jdkSignerWhenSignedByUntrustedKeyThenInvalidSignature() {
        Document doc = Xml.parse(TestResponse.valid().with(r -> r.assertionSigner = null).xml());
        JdkSigner.sign(first(doc.getDocumentElement(), SAML, "Assertion"), TestKeys.ATTACKER, JdkSigner.rsaSha256());

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void responseSignatureWhenItReferencesTheAssertionThenInvalidSignature() {
        // A signature under the Response that covers the Assertion's ID breaks the profile rule.
        Document doc = assertionSigned();
        Element response = doc.getDocumentElement();
        Element assertion = first(response, SAML, "Assertion");
        response.insertBefore(signatureOf(assertion), afterIssuer(response));

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.INVALID_SIGNATURE);
    }
}
