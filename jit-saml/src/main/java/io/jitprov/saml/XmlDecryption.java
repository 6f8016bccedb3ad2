package io.jitprov.saml;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * XML Encryption 1.1 decryption of one SAML EncryptedElementType (SAML core 2.2.4) on the DOM,
 * with the JDK's ciphers: the content key from an EncryptedKey (RSA-OAEP only), then the content
 * (AES-GCM or AES-CBC). Done here rather than by OpenSAML's Decrypter because that logs every
 * failure at ERROR, and anyone can send a message that fails to decrypt. Every failure is the same
 * empty answer, so a caller cannot be turned into a padding oracle.
 */
final class XmlDecryption {

    static final String XENC = EncryptionConstants.XMLENC_NS;
    private static final String XENC11 = EncryptionConstants.XMLENC11_NS;
    private static final String DS = SignatureElements.DS;

    /** More EncryptedKeys than any IdP sends (one per key of the SP); each costs an RSA decryption per SP key. */
    static final int MAX_ENCRYPTED_KEYS = 8;

    private static final Map<String, Integer> CONTENT_KEY_BYTES = Map.of(
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM, 16,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192_GCM, 24,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM, 32,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128, 16,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192, 24,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256, 32);

    private static final Map<String, String> OAEP_DIGESTS = Map.of(
            SignatureConstants.ALGO_ID_DIGEST_SHA1, "SHA-1",
            SignatureConstants.ALGO_ID_DIGEST_SHA256, "SHA-256",
            SignatureConstants.ALGO_ID_DIGEST_SHA384, "SHA-384",
            SignatureConstants.ALGO_ID_DIGEST_SHA512, "SHA-512");

    private static final Map<String, String> MGF1_DIGESTS = Map.of(
            EncryptionConstants.ALGO_ID_MGF1_SHA1, "SHA-1",
            EncryptionConstants.ALGO_ID_MGF1_SHA256, "SHA-256",
            EncryptionConstants.ALGO_ID_MGF1_SHA384, "SHA-384",
            EncryptionConstants.ALGO_ID_MGF1_SHA512, "SHA-512");

    private static final int GCM_IV_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;
    private static final int CBC_IV_BYTES = 16;

    private XmlDecryption() {
    }

    /**
     * The plaintext octets of {@code encrypted}'s EncryptedData, with the content key from an
     * EncryptedKey inside its KeyInfo or beside it (what a RetrievalMethod can point at), unwrapped
     * by one of {@code keys}; empty when that cannot be done, whatever the reason.
     */
    static Optional<byte[]> decrypt(Element encrypted, List<PrivateKey> keys) {
        List<Element> data = children(encrypted, XENC, "EncryptedData");
        if (data.size() != 1) {
            return Optional.empty();
        }
        String algorithm = algorithm(data.get(0));
        Integer keyBytes = CONTENT_KEY_BYTES.get(algorithm);
        byte[] content = cipherValue(data.get(0));
        List<Element> encryptedKeys = new ArrayList<>(children(encrypted, XENC, "EncryptedKey"));
        for (Element keyInfo : children(data.get(0), DS, "KeyInfo")) {
            encryptedKeys.addAll(children(keyInfo, XENC, "EncryptedKey"));
        }
        if (keyBytes == null || content == null || encryptedKeys.size() > MAX_ENCRYPTED_KEYS) {
            return Optional.empty();
        }
        for (Element encryptedKey : encryptedKeys) {
            for (PrivateKey key : keys) {
                byte[] contentKey = unwrap(encryptedKey, key);
                if (contentKey != null && contentKey.length == keyBytes) {
                    byte[] plain = decryptContent(algorithm, contentKey, content);
                    if (plain != null) {
                        return Optional.of(plain);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** RSA-OAEP (XML Encryption 1.1 section 5.5.2): digest SHA-1 unless named, MGF1 with SHA-1 unless named (1.1 only). */
    private static byte @Nullable [] unwrap(Element encryptedKey, PrivateKey key) {
        List<Element> methods = children(encryptedKey, XENC, "EncryptionMethod");
        String algorithm = algorithm(encryptedKey);
        boolean oaep11 = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11.equals(algorithm);
        if (!oaep11 && !EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP.equals(algorithm)) {
            return null; // RSA 1.5 among others: open to Bleichenbacher's attack
        }
        Element method = methods.get(0);
        String digest = OAEP_DIGESTS.get(parameter(method, DS, "DigestMethod", SignatureConstants.ALGO_ID_DIGEST_SHA1));
        String mgf = oaep11 ? MGF1_DIGESTS.get(parameter(method, XENC11, "MGF", EncryptionConstants.ALGO_ID_MGF1_SHA1))
                : "SHA-1";
        List<Element> labels = children(method, XENC, "OAEPparams");
        byte[] label = labels.isEmpty() ? new byte[0] : base64(labels.get(0).getTextContent());
        byte[] wrapped = cipherValue(encryptedKey);
        if (digest == null || mgf == null || label == null || wrapped == null) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new OAEPParameterSpec(digest, "MGF1", new MGF1ParameterSpec(mgf),
                    new PSource.PSpecified(label)));
            return cipher.doFinal(wrapped);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** AES-GCM (IV, then ciphertext and tag) or AES-CBC (IV, then ciphertext; XML Encryption 5.2 padding). */
    private static byte @Nullable [] decryptContent(String algorithm, byte[] contentKey, byte[] content) {
        boolean gcm = algorithm.endsWith("-gcm");
        int ivBytes = gcm ? GCM_IV_BYTES : CBC_IV_BYTES;
        if (content.length <= ivBytes) {
            return null;
        }
        try {
            SecretKeySpec key = new SecretKeySpec(contentKey, "AES");
            Cipher cipher;
            if (gcm) {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, content, 0, ivBytes));
            } else {
                // ISO 10126 padding is XML Encryption's: the last octet counts the padding, the rest is arbitrary.
                cipher = Cipher.getInstance("AES/CBC/ISO10126Padding");
                cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(content, 0, ivBytes));
            }
            return cipher.doFinal(content, ivBytes, content.length - ivBytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static String algorithm(Element encryptedType) {
        List<Element> methods = children(encryptedType, XENC, "EncryptionMethod");
        return methods.size() == 1 ? methods.get(0).getAttributeNS(null, "Algorithm") : "";
    }

    private static @Nullable String parameter(Element method, String namespace, String localName, String absent) {
        List<Element> found = children(method, namespace, localName);
        return found.isEmpty() ? absent : found.size() == 1 ? found.get(0).getAttributeNS(null, "Algorithm") : null;
    }

    /** The CipherValue; a CipherReference would have us fetch the ciphertext from a URI the sender chose. */
    private static byte @Nullable [] cipherValue(Element encryptedType) {
        List<Element> data = children(encryptedType, XENC, "CipherData");
        List<Element> values = data.size() == 1 ? children(data.get(0), XENC, "CipherValue") : List.of();
        return values.size() == 1 ? base64(values.get(0).getTextContent()) : null;
    }

    private static byte @Nullable [] base64(String text) {
        try {
            return Base64.getMimeDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }
}
