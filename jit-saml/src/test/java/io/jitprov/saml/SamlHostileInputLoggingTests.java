package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.request;
import static io.jitprov.saml.Xml.DS;
import static io.jitprov.saml.Xml.SAML;
import static io.jitprov.saml.Xml.first;
import static io.jitprov.saml.Xml.signatureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.saml.internal.XmlDecryption;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.Test;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Anyone can post to the ACS and the SLO endpoint. A refusal is an audit event and a DEBUG line:
 * if hostile input made OpenSAML, Santuario or jit log at WARN or ERROR, anyone could flood an
 * application's error log and page its operators. These feed the verifiers junk, forgeries and
 * broken signatures and encryptions, and require that nothing at all is logged at WARN or above.
 */
class SamlHostileInputLoggingTests {

    private static final SamlVerifier VERIFIER = SamlFixture.verifier();
    private static final SamlSingleLogout LOGOUT = SamlSingleLogout.builder()
            .serviceProvider(SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS)
                    .sloUrl("https://app.example/saml/slo").build())
            .identityProviders(SamlIdentityProviders.of(SamlFixture.idp().build()))
            .clock(java.time.Clock.fixed(TestResponse.NOW, java.time.ZoneOffset.UTC)).build();

    private final List<String> warnings = new ArrayList<>();

    /** Runs {@code call}, accepted or refused, and keeps what it logged at WARN or above under {@code name}. */
    private void quietly(String name, Runnable call) {
        LogCapture.warningsDuring(() -> {
            try {
                call.run();
            } catch (JitAuthenticationException refused) {
                // a refusal is the expected answer to most of these
            }
        }).forEach(line -> warnings.add(name + ": " + line));
    }

    private void verify(String name, String posted) {
        quietly(name, () -> VERIFIER.verify(posted, request()));
    }

    private static String mutate(TestResponse response, Consumer<Document> change) {
        Document doc = Xml.parse(response.xml());
        change.accept(doc);
        return Xml.base64(doc);
    }

    private static final String XENC = XmlDecryption.XENC;

    private static Element assertionSignature(Document doc) {
        return signatureOf(first(doc.getDocumentElement(), SAML, "Assertion"));
    }

    private static Element ds(Document doc, String localName) {
        return doc.createElementNS(DS, "ds:" + localName);
    }

    private static Path corpus(String test) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(SamlHostileInputLoggingTests.class
                .getResource("SamlResponseFuzzTestsInputs/" + test)).toURI());
    }

    @Test
    void verifyWhenTheFuzzCorpusIsPostedThenNothingLogsAtWarnOrAbove() throws IOException, URISyntaxException {
        try (Stream<Path> xml = Files.list(corpus("responseXml")); Stream<Path> posted = Files.list(corpus("postedValue"))) {
            for (Path file : xml.toList()) {
                verify(file.getFileName().toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            }
            for (Path file : posted.toList()) {
                verify(file.getFileName().toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }

        assertThat(warnings).isEmpty();
    }

    @Test
    void verifyWhenSignaturesAreForgedThenNothingLogsAtWarnOrAbove() {
        TestResponse valid = TestResponse.valid();
        verify("tampered NameID", mutate(valid, doc -> first(doc.getDocumentElement(), SAML, "NameID").setTextContent("admin")));
        verify("attacker's key", TestResponse.valid().with(r -> r.assertionSigner = TestKeys.ATTACKER).base64());
        verify("SignatureValue not base64", mutate(valid, doc -> first(assertionSignature(doc), DS, "SignatureValue").setTextContent("!!")));
        verify("DigestValue not base64", mutate(valid, doc -> first(assertionSignature(doc), DS, "DigestValue").setTextContent("!!")));

        assertThat(warnings).isEmpty();
    }

    @Test
    void verifyWhenSignaturesAreMalformedThenNothingLogsAtWarnOrAbove() {
        TestResponse valid = TestResponse.valid();
        verify("signature moved to an evil assertion", mutate(valid, doc -> {
            Element original = first(doc.getDocumentElement(), SAML, "Assertion");
            Element evil = Xml.evilCopy(original, "_evil", "admin");
            evil.insertBefore(signatureOf(original), Xml.afterIssuer(evil));
            doc.getDocumentElement().replaceChild(evil, original);
        }));
        verify("response signature referencing the assertion", mutate(valid, doc ->
                doc.getDocumentElement().insertBefore(assertionSignature(doc), Xml.afterIssuer(doc.getDocumentElement()))));
        verify("signature under the Subject", mutate(valid, doc ->
                first(doc.getDocumentElement(), SAML, "Subject").appendChild(assertionSignature(doc).cloneNode(true))));
        verify("two references", mutate(valid, doc -> {
            Element reference = first(assertionSignature(doc), DS, "Reference");
            reference.getParentNode().appendChild(reference.cloneNode(true));
        }));
        verify("no SignedInfo", mutate(valid, doc -> assertionSignature(doc).removeChild(first(assertionSignature(doc), DS, "SignedInfo"))));
        verify("no SignatureValue", mutate(valid, doc ->
                assertionSignature(doc).removeChild(first(assertionSignature(doc), DS, "SignatureValue"))));
        verify("no DigestValue", mutate(valid, doc -> {
            Element value = first(assertionSignature(doc), DS, "DigestValue");
            value.getParentNode().removeChild(value);
        }));
        verify("unknown c14n", mutate(valid, doc ->
                first(assertionSignature(doc), DS, "CanonicalizationMethod").setAttribute("Algorithm", "urn:x-c14n")));
        verify("unknown transform", mutate(valid, doc -> first(assertionSignature(doc), DS, "Transform").setAttribute("Algorithm", "urn:x")));
        verify("three transforms", mutate(valid, doc -> {
            Element transform = first(assertionSignature(doc), DS, "Transform");
            transform.getParentNode().appendChild(transform.cloneNode(true));
            transform.getParentNode().appendChild(transform.cloneNode(true));
        }));
        verify("no enveloped transform", mutate(valid, doc -> {
            Element transform = first(assertionSignature(doc), DS, "Transform");
            transform.getParentNode().removeChild(transform);
        }));
        verify("empty Transforms", mutate(valid, doc -> {
            Element transforms = first(assertionSignature(doc), DS, "Transforms");
            while (transforms.getFirstChild() != null) {
                transforms.removeChild(transforms.getFirstChild());
            }
        }));
        verify("ds:Object", mutate(valid, doc -> assertionSignature(doc).appendChild(ds(doc, "Object"))));
        verify("stray element in the Signature", mutate(valid, doc -> assertionSignature(doc).appendChild(ds(doc, "Nonsense"))));
        verify("reference to a URL", mutate(valid, doc -> first(assertionSignature(doc), DS, "Reference").setAttribute("URI", "http://evil.test/")));
        verify("reference to a missing ID", mutate(valid, doc -> first(assertionSignature(doc), DS, "Reference").setAttribute("URI", "#_nope")));
        verify("RSA-PSS without parameters", mutate(valid, doc ->
                first(assertionSignature(doc), DS, "SignatureMethod").setAttribute("Algorithm", XMLSignature.ALGO_ID_SIGNATURE_RSA_PSS)));
        verify("HMACOutputLength on RSA", mutate(valid, doc -> {
            Element length = ds(doc, "HMACOutputLength");
            length.setTextContent("many");
            first(assertionSignature(doc), DS, "SignatureMethod").appendChild(length);
        }));
        verify("the signed ID again as an xml:id", mutate(valid, doc -> {
            Element extensions = doc.createElementNS(Xml.SAMLP, "samlp:Extensions");
            extensions.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:id",
                    first(doc.getDocumentElement(), SAML, "Assertion").getAttribute("ID"));
            doc.getDocumentElement().insertBefore(extensions, first(doc.getDocumentElement(), Xml.SAMLP, "Status"));
        }));
        verify("unknown digest", mutate(valid, doc ->
                first(assertionSignature(doc), DS, "DigestMethod").setAttribute("Algorithm", SamlSignatureAlgorithmTests.UNKNOWN_DIGEST)));
        verify("garbage KeyInfo", mutate(TestResponse.valid().with(r -> r.keyInfo = true), doc ->
                first(assertionSignature(doc), DS, "X509Certificate").setTextContent("!!not a certificate!!")));

        assertThat(warnings).isEmpty();
    }

    @Test
    void verifyWhenEncryptedElementsAreBrokenThenNothingLogsAtWarnOrAbove() {
        verify("encrypted to another key", TestResponse.valid().with(r -> r.encryptTo = TestKeys.SP_OTHER).base64());
        verify("RSA 1.5 key transport", TestResponse.valid().encrypted()
                .with(r -> r.keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSA15).base64());
        verify("garbage cipher value", mutate(TestResponse.valid().encrypted(), doc ->
                Xml.first(doc.getDocumentElement(), "http://www.w3.org/2001/04/xmlenc#", "CipherValue").setTextContent("AAAA")));
        verify("no EncryptedKey", mutate(TestResponse.valid().encrypted(), doc -> {
            Element key = Xml.first(doc.getDocumentElement(), "http://www.w3.org/2001/04/xmlenc#", "EncryptedKey");
            key.getParentNode().removeChild(key);
        }));
        verify("broken signature inside the encryption", TestResponse.valid().encrypted().with(r -> r.beforeEncryption = a ->
                first(signatureOf(a), DS, "Transform").setAttribute("Algorithm", "urn:x")).base64());
        verify("tampered inside the encryption", TestResponse.valid().encrypted().with(r -> r.beforeEncryption = a ->
                first(a, SAML, "NameID").setTextContent("admin")).base64());
        verify("NameID encrypted to another key", TestResponse.valid().with(r -> r.encryptElementsTo = TestKeys.SP_OTHER).base64());
        verify("GCM ciphertext tampered", SamlEncryptionTests.changed(TestResponse.valid().encrypted(), root ->
                SamlEncryptionTests.flip(SamlEncryptionTests.content(root), 1)));
        TestResponse cbc = TestResponse.valid().encrypted().with(r -> r.dataAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128);
        verify("CBC ciphertext tampered in its last block", SamlEncryptionTests.changed(cbc, root ->
                SamlEncryptionTests.flip(SamlEncryptionTests.content(root), 1)));
        verify("CBC padding length tampered", SamlEncryptionTests.changed(cbc, root ->
                SamlEncryptionTests.flip(SamlEncryptionTests.content(root), 17)));
        verify("ciphertext no longer than its IV", SamlEncryptionTests.changed(TestResponse.valid().encrypted(), root ->
                SamlEncryptionTests.truncate(SamlEncryptionTests.content(root), 12)));
        verify("ciphertext shorter than the GCM tag", SamlEncryptionTests.changed(TestResponse.valid().encrypted(), root ->
                SamlEncryptionTests.truncate(SamlEncryptionTests.content(root), 20)));
        // One base64 character is too few for an octet: even the MIME decoder, which skips what is not base64, refuses it.
        verify("content not base64", SamlEncryptionTests.changed(TestResponse.valid().encrypted(), root ->
                SamlEncryptionTests.content(root).setTextContent("A")));
        verify("key CipherValue not base64", mutate(TestResponse.valid().encrypted(), doc ->
                Xml.first(doc.getDocumentElement(), XENC, "CipherValue").setTextContent("A")));
        verify("OAEP label changed", SamlEncryptionTests.changed(SamlEncryptionTests.oaepWithParameters(), root ->
                Xml.first(root, XENC, "OAEPparams").setTextContent("b3RoZXI=")));
        verify("OAEPparams not base64", SamlEncryptionTests.changed(SamlEncryptionTests.oaepWithParameters(), root ->
                Xml.first(root, XENC, "OAEPparams").setTextContent("A")));
        verify("OAEP digest changed", SamlEncryptionTests.changed(SamlEncryptionTests.oaepWithParameters(), root ->
                first(root, DS, "DigestMethod").setAttribute("Algorithm", SignatureConstants.ALGO_ID_DIGEST_SHA512)));
        verify("MGF Santuario does not know", SamlEncryptionTests.changed(SamlEncryptionTests.oaepWithParameters(), root ->
                first(root, SamlEncryptionTests.XENC11, "MGF").setAttribute("Algorithm", "urn:x-mgf")));
        verify("content key shorter than the algorithm names", SamlEncryptionTests.changed(TestResponse.valid().encrypted()
                .with(r -> r.dataAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM), root ->
                first(root, XENC, "EncryptionMethod").setAttribute("Algorithm", EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM)));
        verify("CipherReference", SamlEncryptionTests.changed(TestResponse.valid().encrypted(), root -> {
            Element value = SamlEncryptionTests.content(root);
            Element reference = value.getOwnerDocument().createElementNS(XENC, "xenc:CipherReference");
            reference.setAttribute("URI", "http://127.0.0.1:9/ciphertext");
            value.getParentNode().replaceChild(reference, value);
        }));
        verify("key at a RetrievalMethod URL", SamlEncryptionTests.changed(TestResponse.valid().encrypted(), root -> {
            Element key = first(root, XENC, "EncryptedKey");
            Element retrieval = key.getOwnerDocument().createElementNS(DS, "ds:RetrievalMethod");
            retrieval.setAttribute("URI", "http://127.0.0.1:9/key");
            retrieval.setAttribute("Type", XENC + "EncryptedKey");
            key.getParentNode().replaceChild(retrieval, key);
        }));

        assertThat(warnings).isEmpty();
    }

    @Test
    void verifyWhenOaep11NamesNoMgfThenAcceptedAndNothingLogsAtWarnOrAbove() {
        // Valid (MGF1-SHA-1 is the default), but Santuario logs a WARNING for it unless told the default.
        String posted = SamlEncryptionTests.changed(TestResponse.valid().encrypted().with(r ->
                r.keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11),
                root -> SamlEncryptionTests.removeAll(root, SamlEncryptionTests.XENC11, "MGF"));

        List<String> logged = LogCapture.warningsDuring(() ->
                assertThat(VERIFIER.verify(posted, request()).subject()).isEqualTo("alice-0001"));

        assertThat(logged).isEmpty();
    }

    @Test
    void verifyWhenSignedWithTheIdpsSecondMetadataKeyThenAcceptedAndNothingLogsAtWarnOrAbove() {
        // Key rollover: metadata lists the old and the new key; the first tried does not verify.
        SamlVerifier rolling = SamlFixture.verifier(SamlFixture.idp(TestKeys.IDP, TestKeys.IDP_NEXT).build()).build();
        String posted = TestResponse.valid().with(r -> r.assertionSigner = TestKeys.IDP_NEXT).base64();

        List<String> logged = LogCapture.warningsDuring(() ->
                assertThat(rolling.verify(posted, request()).subject()).isEqualTo("alice-0001"));

        assertThat(logged).isEmpty();
    }

    @Test
    void verifyPostAndRedirectWhenLogoutRequestsAreHostileThenNothingLogsAtWarnOrAbove() throws Exception {
        String slo = "https://app.example/saml/slo";
        String signed = SamlSingleLogoutTests.logoutRequestXml(TestKeys.IDP, slo);
        quietly("tampered LogoutRequest", () -> LOGOUT.verifyPost(TestResponse.encode(signed.replace("alice-0001", "bob")), null));
        String forged = SamlSingleLogoutTests.logoutRequestXml(TestKeys.ATTACKER, slo);
        quietly("LogoutRequest signed by the attacker", () -> LOGOUT.verifyPost(TestResponse.encode(forged), null));
        Document broken = Xml.parse(signed);
        first(broken.getDocumentElement(), DS, "Transform").setAttribute("Algorithm", "urn:x");
        quietly("LogoutRequest with an unknown transform", () -> LOGOUT.verifyPost(Xml.base64(broken), null));
        String query = SamlSingleLogoutTests.redirectQuery(SamlSingleLogoutTests.logoutRequestXml(null, slo), TestKeys.ATTACKER, "x");
        quietly("redirect signed by the attacker", () -> LOGOUT.verifyRedirect(query));

        assertThat(warnings).isEmpty();
    }
}
