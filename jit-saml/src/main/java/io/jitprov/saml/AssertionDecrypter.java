package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.common.SAMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.EncryptedAttribute;
import org.opensaml.saml.saml2.core.EncryptedID;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.saml2.encryption.EncryptedElementTypeEncryptedKeyResolver;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.credential.BasicCredential;
import org.opensaml.xmlsec.encryption.support.ChainingEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.DecryptionException;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.SimpleRetrievalMethodEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.KeyInfoCredentialResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * Decrypts EncryptedAssertion, EncryptedID and EncryptedAttribute with this SP's keys (XML
 * Encryption 1.1; SAML core 6). Key transport is RSA-OAEP only (RSA 1.5 is open to
 * Bleichenbacher's attack); content is AES-GCM or AES-CBC. Every failure reads the same, so the
 * answer is no padding oracle.
 */
final class AssertionDecrypter {

    static final Set<String> ALLOWED_ALGORITHMS = Set.of(
            EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP,
            EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256,
            SignatureConstants.ALGO_ID_DIGEST_SHA1,
            SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384,
            SignatureConstants.ALGO_ID_DIGEST_SHA512,
            EncryptionConstants.ALGO_ID_MGF1_SHA1,
            EncryptionConstants.ALGO_ID_MGF1_SHA256,
            EncryptionConstants.ALGO_ID_MGF1_SHA384,
            EncryptionConstants.ALGO_ID_MGF1_SHA512);

    private static final String FAILED = "An encrypted element could not be decrypted with this service provider's keys";

    /** Resolves our private keys for an EncryptedKey; immutable, so shared. */
    private final @Nullable KeyInfoCredentialResolver kekResolver;

    AssertionDecrypter(List<PrivateKey> keys) {
        this.kekResolver = keys.isEmpty() ? null : kekResolver(keys);
    }

    Assertion decrypt(EncryptedAssertion encrypted) {
        try {
            return require().decrypt(encrypted);
        } catch (DecryptionException | RuntimeException e) {
            throw failed();
        }
    }

    NameID decrypt(EncryptedID encrypted) {
        try {
            SAMLObject object = require().decrypt(encrypted);
            if (object instanceof NameID nameId) {
                return nameId;
            }
        } catch (DecryptionException | RuntimeException e) {
            throw failed();
        }
        throw new JitAuthenticationException(JitErrorCodes.SUBJECT_INVALID, "The EncryptedID does not hold a NameID");
    }

    Attribute decrypt(EncryptedAttribute encrypted) {
        try {
            return require().decrypt(encrypted);
        } catch (DecryptionException | RuntimeException e) {
            throw failed();
        }
    }

    /** A Decrypter per message: OpenSAML does not promise that one is safe to share between threads. */
    private Decrypter require() {
        if (kekResolver == null) {
            throw new JitAuthenticationException(JitErrorCodes.DECRYPTION_FAILED,
                    "The message holds encrypted elements but this service provider has no decryption key");
        }
        ChainingEncryptedKeyResolver encryptedKeyResolver = new ChainingEncryptedKeyResolver(List.of(
                new InlineEncryptedKeyResolver(),
                new EncryptedElementTypeEncryptedKeyResolver(),
                new SimpleRetrievalMethodEncryptedKeyResolver()));
        Decrypter decrypter = new Decrypter(null, kekResolver, encryptedKeyResolver, ALLOWED_ALGORITHMS, null);
        decrypter.setRootInNewDocument(true);
        return decrypter;
    }

    private static JitAuthenticationException failed() {
        return new JitAuthenticationException(JitErrorCodes.DECRYPTION_FAILED, FAILED);
    }

    private static KeyInfoCredentialResolver kekResolver(List<PrivateKey> keys) {
        List<Credential> credentials = new ArrayList<>();
        for (PrivateKey key : keys) {
            credentials.add(new BasicCredential(publicKeyOf(key), key));
        }
        return new StaticKeyInfoCredentialResolver(credentials);
    }

    /** Key transport is RSA-OAEP only, so every decryption key is an RSA key with its public half inside. */
    private static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalArgumentException("A decryption key must be an RSA private key (RSA-OAEP key transport)");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
