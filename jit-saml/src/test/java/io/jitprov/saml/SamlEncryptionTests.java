package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.assertRefused;
import static io.jitprov.saml.SamlFixture.request;
import static io.jitprov.saml.SamlFixture.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.RSAOAEPParameters;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SamlEncryptionTests {

    private static TestResponse encrypted() {
        return TestResponse.valid().with(r -> r.encryptTo = TestKeys.SP);
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
