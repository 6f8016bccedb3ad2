package io.jitprov.saml.internal;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.EncryptedAttribute;
import org.opensaml.saml.saml2.core.EncryptedElementType;
import org.opensaml.saml.saml2.core.EncryptedID;
import org.opensaml.saml.saml2.core.NameID;
import org.w3c.dom.Element;

/**
 * Decrypts EncryptedAssertion, EncryptedID and EncryptedAttribute with this SP's keys (XML
 * Encryption 1.1; SAML core 6). Key transport is RSA-OAEP only (RSA 1.5 is open to
 * Bleichenbacher's attack); content is AES-GCM or AES-CBC. Every failure to decrypt or to parse
 * what was decrypted reads the same, so the answer is no padding oracle. The decrypted element is
 * parsed as hardened as the message was, and its shape and signature are checked before OpenSAML
 * reads it.
 */
public final class AssertionDecrypter {

    private static final String FAILED = "An encrypted element could not be decrypted with this service provider's keys";

    private final List<PrivateKey> keys;
    private final SignaturePolicy policy;

    public AssertionDecrypter(List<PrivateKey> keys, SignaturePolicy policy) {
        for (PrivateKey key : keys) {
            if (!(key instanceof RSAPrivateCrtKey)) {
                throw new IllegalArgumentException("A decryption key must be an RSA private key (RSA-OAEP key transport)");
            }
        }
        this.keys = List.copyOf(keys);
        this.policy = policy;
    }

    public Assertion decrypt(EncryptedAssertion encrypted) {
        Element assertion = decryptElement(encrypted, "Assertion");
        DocumentShape.checkDecryptedAssertion(assertion);
        SignatureElements.check(assertion, Map.of(assertion, "assertion"), policy);
        if (OpenSaml.unmarshal(assertion) instanceof Assertion decrypted) {
            return decrypted;
        }
        throw failed();
    }

    public NameID decrypt(EncryptedID encrypted) {
        Element element = decryptElement(encrypted, null);
        if (SAMLConstants.SAML20_NS.equals(element.getNamespaceURI()) && "NameID".equals(element.getLocalName())) {
            SignatureElements.check(element, Map.of(), policy);
            if (OpenSaml.unmarshal(element) instanceof NameID nameId) {
                return nameId;
            }
        }
        throw new JitAuthenticationException(JitErrorCodes.SUBJECT_INVALID, "The EncryptedID does not hold a NameID");
    }

    public Attribute decrypt(EncryptedAttribute encrypted) {
        Element attribute = decryptElement(encrypted, "Attribute");
        SignatureElements.check(attribute, Map.of(), policy);
        if (OpenSaml.unmarshal(attribute) instanceof Attribute decrypted) {
            return decrypted;
        }
        throw failed();
    }

    /** The decrypted element, the root of a document of its own; of the SAML assertion type named, unless null. */
    private Element decryptElement(EncryptedElementType encrypted, @Nullable String expected) {
        if (keys.isEmpty()) {
            throw new JitAuthenticationException(JitErrorCodes.DECRYPTION_FAILED,
                    "The message holds encrypted elements but this service provider has no decryption key");
        }
        Element dom = encrypted.getDOM();
        byte[] plain = dom == null ? null : XmlDecryption.decrypt(dom, keys).orElse(null);
        if (plain == null) {
            throw failed();
        }
        Element root;
        try {
            root = SecureXml.parse(plain).getDocumentElement();
        } catch (JitAuthenticationException e) {
            throw failed(); // the same answer as a bad padding: what decrypted is not XML
        }
        if (expected != null && (!SAMLConstants.SAML20_NS.equals(root.getNamespaceURI())
                || !expected.equals(root.getLocalName()))) {
            throw failed();
        }
        return root;
    }

    private static JitAuthenticationException failed() {
        return new JitAuthenticationException(JitErrorCodes.DECRYPTION_FAILED, FAILED);
    }
}
