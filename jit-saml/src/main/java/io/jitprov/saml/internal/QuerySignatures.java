package io.jitprov.saml.internal;

import java.security.PublicKey;
import org.opensaml.security.SecurityException;
import org.opensaml.security.credential.CredentialSupport;
import org.opensaml.xmlsec.crypto.XMLSigningUtil;

/** Verifies a Redirect-binding signature (a raw signature over the query) with OpenSAML's crypto. */
final class QuerySignatures {

    private QuerySignatures() {
    }

    static boolean verifies(PublicKey key, String algorithmUri, byte[] content, byte[] signature) {
        try {
            return XMLSigningUtil.verifyWithURI(CredentialSupport.getSimpleCredential(key, null), algorithmUri,
                    signature, content);
        } catch (SecurityException | RuntimeException e) {
            return false;
        }
    }
}
