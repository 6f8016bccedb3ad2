package io.jitprov.saml.internal;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads every ds:Signature of a message on the DOM before OpenSAML or the XML signature library
 * build anything from it, and refuses what they would refuse: the SAML signature profile (SAML
 * core 5.4: one Reference, to the parent's ID, enveloped and exclusive c14n transforms, no
 * ds:Object), the algorithm policy, and the element structure XML Signature 1.1 section 4 sets.
 * Two reasons to check first: the library refuses an algorithm it does not know by failing to read
 * the whole signature, which names nothing; and OpenSAML logs each such refusal at ERROR, so anyone
 * posting junk would fill the application's error log. What passes here, the libraries read
 * without complaint; their own checks still run after, as a second line.
 */
public final class SignatureElements {

    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String DSIG_MORE_07_05 = "http://www.w3.org/2007/05/xmldsig-more#";

    /** The canonicalization methods the library implements for SignedInfo. */
    private static final Set<String> CANONICALIZATIONS = Set.of(
            Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS, Transforms.TRANSFORM_C14N_EXCL_WITH_COMMENTS,
            Transforms.TRANSFORM_C14N_OMIT_COMMENTS, Transforms.TRANSFORM_C14N_WITH_COMMENTS,
            Transforms.TRANSFORM_C14N11_OMIT_COMMENTS, Transforms.TRANSFORM_C14N11_WITH_COMMENTS);

    /** The only transforms SAML core 5.4.4 allows. */
    private static final Set<String> TRANSFORMS = Set.of(Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
            Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS, Transforms.TRANSFORM_C14N_EXCL_WITH_COMMENTS);

    private SignatureElements() {
    }

    /**
     * Checks every ds:Signature in {@code root}'s document: each must be the only signature of one of
     * {@code signables} (element to the name refusals give it: "response", "assertion"), and follow
     * the profile and {@code policy}. Algorithms are checked first, so that one the policy does not
     * allow is named even in a signature that is broken in other ways as well.
     *
     * @throws JitAuthenticationException {@link JitErrorCodes#ALGORITHM_NOT_ALLOWED} naming the URI, or
     *     {@link JitErrorCodes#INVALID_SIGNATURE}
     */
    public static void check(Element root, Map<Element, String> signables, SignaturePolicy policy) {
        NodeList all = root.getElementsByTagNameNS(DS, "Signature");
        for (int i = 0; i < all.getLength(); i++) {
            Element signature = (Element) all.item(i);
            Node parent = signature.getParentNode();
            if (!(parent instanceof Element owner) || !signables.containsKey(owner)) {
                throw invalid("The message holds a Signature inside " + JitError.quote(parent.getLocalName())
                        + ", where none belongs");
            }
        }
        for (Map.Entry<Element, String> signable : signables.entrySet()) {
            List<Element> signatures = children(signable.getKey(), "Signature");
            if (signatures.size() > 1) {
                throw invalid("The " + signable.getValue() + " carries " + signatures.size() + " signatures");
            }
            for (Element signature : signatures) {
                checkAlgorithms(signature, policy, signable.getValue());
            }
        }
        for (Map.Entry<Element, String> signable : signables.entrySet()) {
            for (Element signature : children(signable.getKey(), "Signature")) {
                new Reader(signable.getKey(), signable.getValue(), policy).signature(signature);
            }
        }
    }

    private static void checkAlgorithms(Element signature, SignaturePolicy policy, String what) {
        for (Element signedInfo : children(signature, "SignedInfo")) {
            for (Element method : children(signedInfo, "SignatureMethod")) {
                String uri = method.getAttributeNS(null, "Algorithm");
                if (!policy.signatureAlgorithms().contains(uri)) {
                    throw notAllowed("The " + what + " is signed with " + JitError.quote(uri) + ", which is not allowed");
                }
            }
            for (Element c14n : children(signedInfo, "CanonicalizationMethod")) {
                String uri = c14n.getAttributeNS(null, "Algorithm");
                if (!CANONICALIZATIONS.contains(uri)) {
                    throw notAllowed("The " + what + " signature is canonicalized with " + JitError.quote(uri)
                            + ", which is not allowed");
                }
            }
            for (Element reference : children(signedInfo, "Reference")) {
                for (Element digest : children(reference, "DigestMethod")) {
                    String uri = digest.getAttributeNS(null, "Algorithm");
                    if (!policy.digestAlgorithms().contains(uri)) {
                        throw notAllowed("The " + what + " signature digests with " + JitError.quote(uri)
                                + ", which is not allowed");
                    }
                }
            }
        }
    }

    /** Reads one signature's elements in the order the schema gives them, refusing anything else. */
    private static final class Reader {
        private final Element parent;
        private final String what;
        private final SignaturePolicy policy;

        Reader(Element parent, String what, SignaturePolicy policy) {
            this.parent = parent;
            this.what = what;
            this.policy = policy;
        }

        void signature(Element signature) {
            List<Element> parts = elements(signature);
            expect(parts, 0, "SignedInfo");
            expect(parts, 1, "SignatureValue");
            if (parts.size() > 3 || (parts.size() == 3 && !isDs(parts.get(2), "KeyInfo"))) {
                throw profile("only SignedInfo, SignatureValue and KeyInfo may be in a Signature");
            }
            List<Element> info = elements(parts.get(0));
            expect(info, 0, "CanonicalizationMethod");
            expect(info, 1, "SignatureMethod");
            if (info.size() != 3) {
                throw profile("exactly one Reference is required, found " + Math.max(0, info.size() - 2));
            }
            signatureMethod(info.get(1));
            reference(info.get(2));
        }

        private void signatureMethod(Element method) {
            List<Element> parameters = elements(method);
            if (XMLSignature.ALGO_ID_SIGNATURE_RSA_PSS.equals(method.getAttributeNS(null, "Algorithm"))) {
                pssParameters(parameters);
            } else if (!parameters.isEmpty()) {
                throw profile("the SignatureMethod carries parameters its algorithm does not take");
            }
        }

        /**
         * RSASSA-PSS (RFC 6931 2.3.10): the digest, then optionally the mask generation function (the
         * library always uses MGF1 with that digest), the salt length and trailer field 1.
         */
        private void pssParameters(List<Element> parameters) {
            Element params = parameters.size() == 1 ? parameters.get(0) : null;
            if (params == null || !DSIG_MORE_07_05.equals(params.getNamespaceURI())
                    || !"RSAPSSParams".equals(params.getLocalName())) {
                throw profile("RSA-PSS needs one RSAPSSParams");
            }
            List<Element> fields = elements(params);
            expect(fields, 0, "DigestMethod");
            String digest = fields.get(0).getAttributeNS(null, "Algorithm");
            if (!policy.digestAlgorithms().contains(digest)) {
                throw notAllowed("The " + what + " is signed with RSA-PSS over " + JitError.quote(digest)
                        + ", which is not allowed");
            }
            for (Element field : fields.subList(1, fields.size())) {
                String value = field.getTextContent().strip();
                boolean known = DSIG_MORE_07_05.equals(field.getNamespaceURI())
                        && ("MaskGenerationFunction".equals(field.getLocalName())
                        || "SaltLength".equals(field.getLocalName()) && value.matches("[0-9]{1,3}")
                        || "TrailerField".equals(field.getLocalName()) && value.equals("1"));
                if (!known) {
                    throw profile("the RSAPSSParams are not a digest, a mask generation function, a salt length"
                            + " and trailer field 1");
                }
            }
        }

        private void reference(Element reference) {
            String uri = reference.getAttributeNS(null, "URI");
            String id = parent.getAttributeNS(null, "ID");
            if (!uri.isEmpty() && (id.isEmpty() || !uri.equals("#" + id))) {
                throw profile("the Reference " + JitError.quote(uri) + " is not to its parent's ID");
            }
            List<Element> parts = elements(reference);
            int at = 0;
            if (!parts.isEmpty() && isDs(parts.get(0), "Transforms")) {
                transforms(parts.get(0));
                at = 1;
            }
            expect(parts, at, "DigestMethod");
            expect(parts, at + 1, "DigestValue");
            if (parts.size() != at + 2) {
                throw profile("the Reference holds more than Transforms, DigestMethod and DigestValue");
            }
        }

        private void transforms(Element transforms) {
            List<Element> all = elements(transforms);
            if (all.isEmpty() || all.size() > 2) {
                throw profile("one or two Transforms are allowed, found " + all.size());
            }
            boolean enveloped = false;
            for (Element transform : all) {
                String uri = transform.getAttributeNS(null, "Algorithm");
                if (!isDs(transform, "Transform") || !TRANSFORMS.contains(uri)) {
                    throw profile("transform " + JitError.quote(uri) + " is not allowed");
                }
                enveloped |= Transforms.TRANSFORM_ENVELOPED_SIGNATURE.equals(uri);
            }
            if (!enveloped) {
                throw profile("the enveloped-signature transform is missing");
            }
        }

        private void expect(List<Element> parts, int index, String localName) {
            if (parts.size() <= index || !isDs(parts.get(index), localName)) {
                throw profile("ds:" + localName + " is missing where the schema puts it");
            }
        }

        private JitAuthenticationException profile(String reason) {
            return invalid("The signature of the " + what + " does not follow the SAML signature profile: " + reason);
        }
    }

    /** The child elements of {@code parent} named {@code localName} in the XML Signature namespace. */
    static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Element child : elements(parent)) {
            if (isDs(child, localName)) {
                found.add(child);
            }
        }
        return found;
    }

    private static List<Element> elements(Element parent) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                found.add((Element) child);
            }
        }
        return found;
    }

    static boolean isDs(@Nullable Node node, String localName) {
        return node != null && node.getNodeType() == Node.ELEMENT_NODE && DS.equals(node.getNamespaceURI())
                && localName.equals(node.getLocalName());
    }

    private static JitAuthenticationException notAllowed(String description) {
        return new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED, description);
    }

    private static JitAuthenticationException invalid(String description) {
        return new JitAuthenticationException(JitErrorCodes.INVALID_SIGNATURE, description);
    }
}
