package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.assertRefused;
import static io.jitprov.saml.SamlFixture.request;
import static io.jitprov.saml.SamlFixture.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.saml.internal.XmlDecryption;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.RSAOAEPParameters;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class SamlEncryptionTests {

    static final String XENC11 = "http://www.w3.org/2009/xmlenc11#";

    private static TestResponse encrypted() {
        return TestResponse.valid().with(r -> r.encryptTo = TestKeys.SP);
    }

    /** An encrypted assertion whose key transport is RSA-OAEP 1.1 with SHA-256, MGF1-SHA-256 and a label. */
    static TestResponse oaepWithParameters() {
        return encrypted().with(r -> {
            r.keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11;
            r.oaep = new RSAOAEPParameters(SignatureConstants.ALGO_ID_DIGEST_SHA256, EncryptionConstants.ALGO_ID_MGF1_SHA256,
                    Base64.getEncoder().encodeToString("label".getBytes(StandardCharsets.UTF_8)));
        });
    }

    /** {@code response} as posted after {@code change} to its DOM. */
    static String changed(TestResponse response, Consumer<Element> change) {
        Document doc = Xml.parse(response.xml());
        change.accept(doc.getDocumentElement());
        return Xml.base64(doc);
    }

    /** The EncryptedData's own CipherValue: the encrypted content, not a key. */
    static Element content(Element root) {
        Element data = Xml.first(root, XmlDecryption.XENC, "EncryptedData");
        return child(child(data, XmlDecryption.XENC, "CipherData"), XmlDecryption.XENC, "CipherValue");
    }

    /** Flips a bit in the octet {@code fromEnd} places from the end of what {@code cipherValue} holds. */
    static void flip(Element cipherValue, int fromEnd) {
        byte[] octets = Base64.getMimeDecoder().decode(cipherValue.getTextContent());
        octets[octets.length - fromEnd] ^= 1;
        cipherValue.setTextContent(Base64.getEncoder().encodeToString(octets));
    }

    /** Keeps the first {@code length} octets of what {@code cipherValue} holds. */
    static void truncate(Element cipherValue, int length) {
        byte[] octets = Base64.getMimeDecoder().decode(cipherValue.getTextContent());
        cipherValue.setTextContent(Base64.getEncoder().encodeToString(Arrays.copyOf(octets, length)));
    }

    /** Removes every descendant of {@code root} with this name. */
    static void removeAll(Element root, String namespace, String localName) {
        NodeList found = root.getElementsByTagNameNS(namespace, localName);
        while (found.getLength() > 0) {
            found.item(0).getParentNode().removeChild(found.item(0));
        }
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        throw new IllegalStateException("No " + localName);
    }

    @Test
    void verifyWhenSignedAssertionEncryptedWithAesGcmThenDecryptedAndAccepted() {
        VerifiedIdentity identity = verifier().verify(encrypted().base64(), request());

        assertThat(identity.subject()).isEqualTo("alice-0001");
        assertThat(identity.attributes().get("groups")).containsExactly("acme-staff", "acme-eng-backend");
    }

    @Test
    void verifyWhenEncryptedWithAesCbcAndOaep11ThenAccepted() {
        TestResponse response = encrypted().with(r -> {
            r.dataAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128;
            r.keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11;
        });

        assertThat(verifier().verify(response.base64(), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenOaepNamesSha256DigestMgf1Sha256AndALabelThenAccepted() {
        TestResponse response = encrypted().with(r -> {
            r.keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11;
            r.oaep = new RSAOAEPParameters(SignatureConstants.ALGO_ID_DIGEST_SHA256, EncryptionConstants.ALGO_ID_MGF1_SHA256,
                    Base64.getEncoder().encodeToString("label".getBytes(StandardCharsets.UTF_8)));
        });

        assertThat(verifier().verify(response.base64(), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenTheEncryptedKeyIsBesideTheEncryptedDataThenAccepted() {
        TestResponse response = encrypted().with(r -> r.keyPlacement = Encrypter.KeyPlacement.PEER);

        assertThat(verifier().verify(response.base64(), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenMoreEncryptedKeysThanAnyIdpSendsThenDecryptionFailedWithoutTryingThem() {
        // Each EncryptedKey costs an RSA decryption per SP key: a message must not buy unbounded work.
        Document doc = Xml.parse(encrypted().with(r -> r.keyPlacement = Encrypter.KeyPlacement.PEER).xml());
        Element key = Xml.first(doc.getDocumentElement(), XmlDecryption.XENC, "EncryptedKey");
        for (int i = 0; i < XmlDecryption.MAX_ENCRYPTED_KEYS; i++) {
            Element copy = (Element) key.cloneNode(true);
            copy.setAttribute("Id", "_key" + i);
            key.getParentNode().appendChild(copy);
        }

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenTheCipherDataIsAReferenceThenDecryptionFailedWithoutFetchingIt() {
        Document doc = Xml.parse(encrypted().xml());
        Element data = Xml.first(doc.getDocumentElement(), XmlDecryption.XENC, "EncryptedData");
        Element cipherData = Xml.first(data, XmlDecryption.XENC, "CipherData");
        while (cipherData.getFirstChild() != null) {
            cipherData.removeChild(cipherData.getFirstChild());
        }
        Element reference = doc.createElementNS(XmlDecryption.XENC, "xenc:CipherReference");
        reference.setAttribute("URI", "http://127.0.0.1:9/ciphertext");
        cipherData.appendChild(reference);

        assertRefused(() -> verifier().verify(Xml.base64(doc), request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenWhatDecryptsIsNotAnAssertionThenDecryptionFailed() {
        // Anyone can encrypt to the SP's public key; what comes out is refused like any failure.
        TestResponse response = encrypted().with(r -> r.beforeEncryption = assertion ->
                assertion.getOwnerDocument().renameNode(assertion, Xml.SAML, "saml:Advice"));

        assertRefused(() -> verifier().verify(response.base64(), request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenEncryptedToAnotherKeyThenDecryptionFailed() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.encryptTo = TestKeys.SP_OTHER).base64(),
                request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenKeyTransportIsRsa15ThenRefused() {
        TestResponse response = encrypted().with(r -> r.keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSA15);

        assertRefused(() -> verifier().verify(response.base64(), request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenOaep11NamesNoMgfThenMgf1WithSha1AndAccepted() {
        // XML Encryption 1.1 section 5.5.2: no MGF element means MGF1 with SHA-1.
        String posted = changed(encrypted().with(r -> {
            r.keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11;
            r.oaep = new RSAOAEPParameters(SignatureConstants.ALGO_ID_DIGEST_SHA256, EncryptionConstants.ALGO_ID_MGF1_SHA1, null);
        }), root -> removeAll(root, XENC11, "MGF"));

        assertThat(verifier().verify(posted, request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenOaepLabelOrDigestIsNotTheOneEncryptedWithThenDecryptionFailed() {
        String label = changed(oaepWithParameters(), root -> Xml.first(root, XmlDecryption.XENC, "OAEPparams")
                .setTextContent(Base64.getEncoder().encodeToString("other".getBytes(StandardCharsets.UTF_8))));
        String digest = changed(oaepWithParameters(), root -> Xml.first(root, Xml.DS, "DigestMethod")
                .setAttribute("Algorithm", SignatureConstants.ALGO_ID_DIGEST_SHA512));
        String mgf = changed(oaepWithParameters(), root -> Xml.first(root, XENC11, "MGF")
                .setAttribute("Algorithm", EncryptionConstants.ALGO_ID_MGF1_SHA1));

        assertRefused(() -> verifier().verify(label, request()), JitErrorCodes.DECRYPTION_FAILED);
        assertRefused(() -> verifier().verify(digest, request()), JitErrorCodes.DECRYPTION_FAILED);
        assertRefused(() -> verifier().verify(mgf, request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenOaepNamesADigestOrMgfNotAllowedThenDecryptionFailed() {
        // Santuario would log a WARNING for an MGF it does not know and go on with MGF1-SHA-1.
        String mgf = changed(oaepWithParameters(), root -> Xml.first(root, XENC11, "MGF").setAttribute("Algorithm", "urn:x-mgf"));
        String digest = changed(oaepWithParameters(), root -> Xml.first(root, Xml.DS, "DigestMethod")
                .setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#md5"));

        assertRefused(() -> verifier().verify(mgf, request()), JitErrorCodes.DECRYPTION_FAILED);
        assertRefused(() -> verifier().verify(digest, request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenGcmCiphertextIsTamperedThenDecryptionFailed() {
        String posted = changed(encrypted(), root -> flip(content(root), 1));

        assertRefused(() -> verifier().verify(posted, request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenCbcCiphertextIsTamperedThenDecryptionFailedWhateverThePaddingSays() {
        TestResponse cbc = encrypted().with(r -> r.dataAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128);
        // The last block decrypts to garbage (bad padding, mostly); the one before it moves the padding length.
        String lastBlock = changed(cbc, root -> flip(content(root), 1));
        String paddingLength = changed(cbc, root -> flip(content(root), 17));

        assertRefused(() -> verifier().verify(lastBlock, request()), JitErrorCodes.DECRYPTION_FAILED);
        assertRefused(() -> verifier().verify(paddingLength, request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenTheCiphertextIsNoLongerThanItsIvOrTagThenDecryptionFailed() {
        String iv = changed(encrypted(), root -> truncate(content(root), 12));
        String noTag = changed(encrypted(), root -> truncate(content(root), 20));
        String cbc = changed(encrypted().with(r -> r.dataAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256),
                root -> truncate(content(root), 16));

        assertRefused(() -> verifier().verify(iv, request()), JitErrorCodes.DECRYPTION_FAILED);
        assertRefused(() -> verifier().verify(noTag, request()), JitErrorCodes.DECRYPTION_FAILED);
        assertRefused(() -> verifier().verify(cbc, request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenTheContentKeyIsShorterThanTheAlgorithmNamesThenDecryptionFailed() {
        // AES would take the 128-bit key and decrypt: the EncryptionMethod said 256.
        String posted = changed(encrypted().with(r -> r.dataAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM),
                root -> Xml.first(root, XmlDecryption.XENC, "EncryptionMethod")
                        .setAttribute("Algorithm", EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM));

        assertRefused(() -> verifier().verify(posted, request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenEncryptionPropertiesHoldAnotherCipherDataThenTheEncryptedDatasOwnIsDecrypted() {
        // Santuario takes the last CipherData anywhere inside an EncryptedData: it is handed only the one checked.
        String posted = changed(encrypted(), root -> {
            Element data = Xml.first(root, XmlDecryption.XENC, "EncryptedData");
            Document doc = data.getOwnerDocument();
            Element properties = doc.createElementNS(XmlDecryption.XENC, "xenc:EncryptionProperties");
            Element property = doc.createElementNS(XmlDecryption.XENC, "xenc:EncryptionProperty");
            Element decoy = (Element) child(data, XmlDecryption.XENC, "CipherData").cloneNode(true);
            flip(child(decoy, XmlDecryption.XENC, "CipherValue"), 1);
            property.appendChild(decoy);
            properties.appendChild(property);
            data.appendChild(properties);
        });

        assertThat(verifier().verify(posted, request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenTheKeyIsOnlyAtARetrievalMethodUrlThenDecryptionFailedWithoutFetchingIt() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String posted = changed(encrypted(), root -> {
                Element key = Xml.first(root, XmlDecryption.XENC, "EncryptedKey");
                Element retrieval = key.getOwnerDocument().createElementNS(Xml.DS, "ds:RetrievalMethod");
                retrieval.setAttribute("URI", "http://127.0.0.1:" + server.getLocalPort() + "/key");
                retrieval.setAttribute("Type", XmlDecryption.XENC + "EncryptedKey");
                key.getParentNode().replaceChild(retrieval, key);
            });

            assertRefused(() -> verifier().verify(posted, request()), JitErrorCodes.DECRYPTION_FAILED);
            server.setSoTimeout(1);
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void verifyWhenServiceProviderHasNoDecryptionKeyThenDecryptionFailed() {
        SamlVerifier noKeys = SamlVerifier.builder()
                .serviceProvider(SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS).build())
                .identityProviders(SamlIdentityProviders.of(SamlFixture.idp().build()))
                .clock(Clock.fixed(TestResponse.NOW, ZoneOffset.UTC)).build();

        assertRefused(() -> noKeys.verify(encrypted().base64(), request()), JitErrorCodes.DECRYPTION_FAILED);
    }

    @Test
    void verifyWhenUnsignedAssertionEncryptedInUnsignedResponseThenSignatureMissing() {
        TestResponse response = encrypted().with(r -> r.assertionSigner = null);

        assertRefused(() -> verifier().verify(response.base64(), request()), JitErrorCodes.SIGNATURE_MISSING);
    }

    @Test
    void verifyWhenUnsignedAssertionEncryptedInSignedResponseThenAccepted() {
        TestResponse response = encrypted().with(r -> {
            r.assertionSigner = null;
            r.responseSigner = TestKeys.IDP;
        });

        assertThat(verifier().verify(response.base64(), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenEncryptedAssertionSignedByAttackerThenInvalidSignature() {
        TestResponse response = encrypted().with(r -> r.assertionSigner = TestKeys.ATTACKER);

        assertRefused(() -> verifier().verify(response.base64(), request()), JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyWhenEncryptedAssertionReplayedThenRefused() {
        SamlVerifier verifier = verifier();
        String encoded = encrypted().base64();

        verifier.verify(encoded, request());

        assertRefused(() -> verifier.verify(encoded, request()), JitErrorCodes.REPLAYED);
    }

    @Test
    void verifyWhenNameIdAndAttributesEncryptedThenDecrypted() {
        TestResponse response = TestResponse.valid().with(r -> r.encryptElementsTo = TestKeys.SP);

        VerifiedIdentity identity = verifier().verify(response.base64(), request());

        assertThat(identity.subject()).isEqualTo("alice-0001");
        assertThat(identity.attributes().get("urn:oid:0.9.2342.19200300.100.1.3")).containsExactly("alice@acme.test");
        assertThat(identity.attributes().get("groups")).containsExactly("acme-staff", "acme-eng-backend");
    }

    @Test
    void verifyWhenNameIdEncryptedToAnotherKeyThenDecryptionFailed() {
        TestResponse response = TestResponse.valid().with(r -> r.encryptElementsTo = TestKeys.SP_OTHER);

        assertRefused(() -> verifier().verify(response.base64(), request()), JitErrorCodes.DECRYPTION_FAILED);
    }
}
