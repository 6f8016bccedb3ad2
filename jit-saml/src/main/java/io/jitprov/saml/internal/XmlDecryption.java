package io.jitprov.saml.internal;

import java.security.Key;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.encryption.XMLEncryptionException;
import org.jspecify.annotations.Nullable;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * XML Encryption 1.1 decryption of one SAML EncryptedElementType (SAML core 2.2.4) with
 * Santuario's {@link XMLCipher}: the content key from an EncryptedKey (RSA-OAEP only), then the
 * content (AES-GCM or AES-CBC). Not through OpenSAML's Decrypter, which logs every failure at
 * ERROR, and anyone can send a message that fails to decrypt. Every failure is the same empty
 * answer, so a caller cannot be turned into a padding oracle.
 *
 * <p>What is policy is checked here on the DOM before Santuario reads anything: the algorithms
 * (RSA 1.5 never), the ciphertext in the message (a CipherReference, which Santuario would
 * resolve, is refused), how many EncryptedKeys are tried, and that the ciphertext is longer than
 * its IV. Santuario is then handed detached copies holding only the values checked: it finds the
 * parts of an EncryptedType by descendant search (the last CipherData anywhere inside wins), so
 * reading the message's own elements it could decrypt something other than what was checked, and
 * it never sees a KeyInfo, so it has nothing to resolve (no RetrievalMethod is followed).
 */
public final class XmlDecryption {

    public static final String XENC = EncryptionConstants.XMLENC_NS;
    private static final String XENC11 = EncryptionConstants.XMLENC11_NS;
    private static final String DS = SignatureElements.DS;

    /** More EncryptedKeys than any IdP sends (one per key of the SP); each costs an RSA decryption per SP key. */
    public static final int MAX_ENCRYPTED_KEYS = 8;

    private static final Map<String, Integer> CONTENT_KEY_BYTES = Map.of(
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM, 16,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192_GCM, 24,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM, 32,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128, 16,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192, 24,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256, 32);

    private static final Set<String> OAEP_DIGESTS = Set.of(
            SignatureConstants.ALGO_ID_DIGEST_SHA1,
            SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384,
            SignatureConstants.ALGO_ID_DIGEST_SHA512);

    private static final Set<String> MGF1_DIGESTS = Set.of(
            EncryptionConstants.ALGO_ID_MGF1_SHA1,
            EncryptionConstants.ALGO_ID_MGF1_SHA256,
            EncryptionConstants.ALGO_ID_MGF1_SHA384,
            EncryptionConstants.ALGO_ID_MGF1_SHA512);

    private static final int GCM_IV_BYTES = 12;
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
        Document owner = encrypted.getOwnerDocument();
        String algorithm = algorithm(data.get(0));
        Integer keyBytes = CONTENT_KEY_BYTES.get(algorithm);
        String content = cipherValue(data.get(0));
        List<Element> encryptedKeys = new ArrayList<>(children(encrypted, XENC, "EncryptedKey"));
        for (Element keyInfo : children(data.get(0), DS, "KeyInfo")) {
            encryptedKeys.addAll(children(keyInfo, XENC, "EncryptedKey"));
        }
        if (keyBytes == null || content == null || encryptedKeys.size() > MAX_ENCRYPTED_KEYS
                || !longerThanIv(algorithm, content)) {
            return Optional.empty();
        }
        Element encryptedData = detached(owner, "EncryptedData", method(owner, algorithm), content);
        OpenSaml.ensureInitialized(); // Santuario's algorithm table is filled by its Init
        XMLCipher cipher = newCipher();
        for (Element encryptedKey : encryptedKeys) {
            Element checked = checkedEncryptedKey(owner, encryptedKey);
            if (checked == null) {
                continue;
            }
            for (PrivateKey key : keys) {
                byte[] plain = decrypt(cipher, checked, key, algorithm, keyBytes, encryptedData);
                if (plain != null) {
                    return Optional.of(plain);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Unwraps the content key with {@code key} and decrypts with it; null on any failure. The
     * content key must have the length the data algorithm names: AES would take a shorter one.
     */
    private static byte @Nullable [] decrypt(XMLCipher cipher, Element encryptedKey, PrivateKey key, String algorithm,
            int keyBytes, Element encryptedData) {
        try {
            cipher.init(XMLCipher.UNWRAP_MODE, key);
            EncryptedKey loaded = cipher.loadEncryptedKey(encryptedKey);
            Key contentKey = cipher.decryptKey(loaded, algorithm);
            byte[] encoded = contentKey.getEncoded();
            if (encoded == null || encoded.length != keyBytes) {
                return null;
            }
            cipher.init(XMLCipher.DECRYPT_MODE, contentKey);
            return cipher.decryptToByteArray(encryptedData);
        } catch (XMLEncryptionException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A detached EncryptedKey with the key transport checked (RSA-OAEP, XML Encryption 1.1 section
     * 5.5.2; RSA 1.5 is open to Bleichenbacher's attack), its DigestMethod, MGF and OAEPparams
     * when allowed, and its CipherValue; null when anything is not allowed.
     */
    private static @Nullable Element checkedEncryptedKey(Document owner, Element encryptedKey) {
        String algorithm = algorithm(encryptedKey);
        boolean oaep11 = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11.equals(algorithm);
        if (!oaep11 && !EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP.equals(algorithm)) {
            return null;
        }
        Element given = children(encryptedKey, XENC, "EncryptionMethod").get(0);
        Element method = method(owner, algorithm);
        List<Element> digests = children(given, DS, "DigestMethod");
        List<Element> mgfs = oaep11 ? children(given, XENC11, "MGF") : List.of(); // rsa-oaep-mgf1p fixes MGF1-SHA1
        List<Element> labels = children(given, XENC, "OAEPparams");
        if (digests.size() > 1 || mgfs.size() > 1 || labels.size() > 1) {
            return null;
        }
        for (Element digest : digests) {
            if (!OAEP_DIGESTS.contains(digest.getAttributeNS(null, "Algorithm"))) {
                return null;
            }
            method.appendChild(withAlgorithm(owner, DS, "ds:DigestMethod", digest.getAttributeNS(null, "Algorithm")));
        }
        for (Element mgf : mgfs) {
            if (!MGF1_DIGESTS.contains(mgf.getAttributeNS(null, "Algorithm"))) {
                return null; // Santuario would log a WARNING and use MGF1-SHA1
            }
            method.appendChild(withAlgorithm(owner, XENC11, "xenc11:MGF", mgf.getAttributeNS(null, "Algorithm")));
        }
        if (oaep11 && mgfs.isEmpty()) {
            // No MGF means MGF1 with SHA-1 (section 5.5.2). Said outright: Santuario logs a WARNING
            // for every RSA-OAEP 1.1 key that leaves it out.
            method.appendChild(withAlgorithm(owner, XENC11, "xenc11:MGF", EncryptionConstants.ALGO_ID_MGF1_SHA1));
        }
        for (Element label : labels) {
            byte[] decoded = base64(label.getTextContent());
            if (decoded == null) {
                return null;
            }
            if (decoded.length > 0) { // an empty label is no label
                Element copy = owner.createElementNS(XENC, "xenc:OAEPparams");
                copy.setTextContent(label.getTextContent());
                method.appendChild(copy);
            }
        }
        String wrapped = cipherValue(encryptedKey);
        return wrapped == null ? null : detached(owner, "EncryptedKey", method, wrapped);
    }

    /** Santuario copies the IV out of the ciphertext without looking at its length. */
    private static boolean longerThanIv(String algorithm, String content) {
        byte[] decoded = base64(content);
        return decoded != null && decoded.length > (algorithm.endsWith("-gcm") ? GCM_IV_BYTES : CBC_IV_BYTES);
    }

    private static XMLCipher newCipher() {
        try {
            return XMLCipher.getInstance();
        } catch (XMLEncryptionException e) {
            throw new IllegalStateException("Santuario's XMLCipher is not available", e);
        }
    }

    /** An xenc element of {@code localName} with {@code method} and a CipherValue, never inserted into the message. */
    private static Element detached(Document owner, String localName, Element method, String cipherValue) {
        Element type = owner.createElementNS(XENC, "xenc:" + localName);
        type.appendChild(method);
        Element data = owner.createElementNS(XENC, "xenc:CipherData");
        Element value = owner.createElementNS(XENC, "xenc:CipherValue");
        value.setTextContent(cipherValue);
        data.appendChild(value);
        type.appendChild(data);
        return type;
    }

    private static Element method(Document owner, String algorithm) {
        return withAlgorithm(owner, XENC, "xenc:EncryptionMethod", algorithm);
    }

    private static Element withAlgorithm(Document owner, String namespace, String qualifiedName, String algorithm) {
        Element element = owner.createElementNS(namespace, qualifiedName);
        element.setAttributeNS(null, "Algorithm", algorithm);
        return element;
    }

    private static String algorithm(Element encryptedType) {
        List<Element> methods = children(encryptedType, XENC, "EncryptionMethod");
        return methods.size() == 1 ? methods.get(0).getAttributeNS(null, "Algorithm") : "";
    }

    /** The CipherValue's base64 text; a CipherReference would have Santuario fetch the ciphertext from a URI the sender chose. */
    private static @Nullable String cipherValue(Element encryptedType) {
        List<Element> data = children(encryptedType, XENC, "CipherData");
        List<Element> values = data.size() == 1 ? children(data.get(0), XENC, "CipherValue") : List.of();
        return values.size() == 1 && children(data.get(0), XENC, "CipherReference").isEmpty()
                ? values.get(0).getTextContent() : null;
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
