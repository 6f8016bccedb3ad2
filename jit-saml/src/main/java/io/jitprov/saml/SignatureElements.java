package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the ds:Signature elements of a message on the DOM, before OpenSAML or the XML signature
 * library build anything from them. The library refuses an algorithm it does not know by failing
 * to read the whole signature, which says nothing useful; read here first, such a signature is
 * refused for what it is: an algorithm the policy does not allow, named.
 */
final class SignatureElements {

    static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private SignatureElements() {
    }

    /**
     * Checks the SignatureMethod and every Reference's DigestMethod of the signature of
     * {@code signable} (its ds:Signature child), if it has one.
     *
     * @param what the signed element as the refusal names it ("response", "assertion")
     * @throws JitAuthenticationException {@link JitErrorCodes#ALGORITHM_NOT_ALLOWED} naming the URI
     */
    static void checkAlgorithms(Element signable, SignaturePolicy policy, String what) {
        for (Element signature : children(signable, "Signature")) {
            for (Element signedInfo : children(signature, "SignedInfo")) {
                for (Element method : children(signedInfo, "SignatureMethod")) {
                    String uri = method.getAttributeNS(null, "Algorithm");
                    if (!policy.signatureAlgorithms().contains(uri)) {
                        throw new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "The " + what
                                + " is signed with " + JitError.quote(uri) + ", which is not allowed");
                    }
                }
                for (Element reference : children(signedInfo, "Reference")) {
                    for (Element digest : children(reference, "DigestMethod")) {
                        String uri = digest.getAttributeNS(null, "Algorithm");
                        if (!policy.digestAlgorithms().contains(uri)) {
                            throw new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "The " + what
                                    + " signature digests with " + JitError.quote(uri) + ", which is not allowed");
                        }
                    }
                }
            }
        }
    }

    /** The child elements of {@code parent} named {@code localName} in the XML Signature namespace. */
    static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (isDs(child, localName)) {
                found.add((Element) child);
            }
        }
        return found;
    }

    static boolean isDs(@Nullable Node node, String localName) {
        return node != null && node.getNodeType() == Node.ELEMENT_NODE && DS.equals(node.getNamespaceURI())
                && localName.equals(node.getLocalName());
    }
}
