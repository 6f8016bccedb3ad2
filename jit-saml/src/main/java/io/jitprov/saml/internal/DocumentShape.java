package io.jitprov.saml.internal;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * One pass over a document before anything in it is trusted: every ID is unique, and there is
 * exactly one assertion (plain or encrypted), a direct child of the root. Together with the
 * profile rule that a signature references its own parent, this leaves signature wrapping no
 * room: there is no second element for a reference or a reader to be pointed at.
 */
public final class DocumentShape {

    private static final String ASSERTION = "Assertion";
    private static final String ENCRYPTED_ASSERTION = "EncryptedAssertion";

    /** The one assertion found: plain or encrypted. */
    public record Found(Element assertion, boolean encrypted) { }

    private DocumentShape() {
    }

    /** Checks a Response document; returns its one assertion element. */
    public static Found checkResponse(Element root) {
        Counter counter = scan(root);
        if (counter.assertions + counter.encryptedAssertions == 0) {
            throw new JitAuthenticationException(JitErrorCodes.ASSERTION_MISSING, "The response holds no assertion");
        }
        if (counter.assertions + counter.encryptedAssertions > 1) {
            throw new JitAuthenticationException(JitErrorCodes.MULTIPLE_ASSERTIONS, "The response holds "
                    + (counter.assertions + counter.encryptedAssertions) + " assertions; exactly one is accepted");
        }
        Element found = Objects.requireNonNull(counter.first);
        if (found.getParentNode() != root) {
            throw new JitAuthenticationException(JitErrorCodes.ASSERTION_MISSING,
                    "The response's only assertion is not a direct child of the Response");
        }
        return new Found(found, counter.encryptedAssertions == 1);
    }

    /** Checks a decrypted assertion's own document: unique IDs, and no assertion nested inside it. */
    static void checkDecryptedAssertion(Element assertion) {
        Counter counter = scan(assertion);
        if (counter.assertions != 1 || counter.encryptedAssertions != 0) {
            throw new JitAuthenticationException(JitErrorCodes.MULTIPLE_ASSERTIONS,
                    "The decrypted assertion holds further assertions");
        }
    }

    /** Checks a message without assertions (a LogoutRequest): unique IDs, and no assertion at all. */
    public static void checkMessage(Element root) {
        Counter counter = scan(root);
        if (counter.assertions + counter.encryptedAssertions > 0) {
            throw new JitAuthenticationException(JitErrorCodes.MULTIPLE_ASSERTIONS,
                    "The message holds an assertion where none belongs");
        }
    }

    private static Counter scan(Element root) {
        Counter counter = new Counter();
        Node node = root;
        // Iterative pre-order walk: no recursion, and it visits every element exactly once.
        while (node != null) {
            if (node.getNodeType() == Node.ELEMENT_NODE) {
                counter.visit((Element) node);
            }
            Node next = node.getFirstChild();
            while (next == null && node != root) {
                next = node.getNextSibling();
                if (next == null) {
                    node = node.getParentNode();
                }
            }
            node = next;
        }
        return counter;
    }

    private static final class Counter {
        private final Set<String> ids = new HashSet<>();
        private int assertions;
        private int encryptedAssertions;
        private @Nullable Element first;

        void visit(Element element) {
            if (SAMLConstants.SAML20_NS.equals(element.getNamespaceURI())) {
                if (ASSERTION.equals(element.getLocalName())) {
                    assertions++;
                    first = first == null ? element : first;
                } else if (ENCRYPTED_ASSERTION.equals(element.getLocalName())) {
                    encryptedAssertions++;
                    first = first == null ? element : first;
                }
            }
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                String name = attribute.getLocalName() != null ? attribute.getLocalName() : attribute.getName();
                // Namespaced too: OpenSAML makes xml:id (and wsu:Id) ID attributes, so they can name a signed element.
                if ((name.equals("ID") || name.equals("Id") || name.equals("id")) && !ids.add(attribute.getValue())) {
                    throw new JitAuthenticationException(JitErrorCodes.DUPLICATE_ID, "ID ["
                            + shorten(attribute.getValue()) + "] appears more than once in the message");
                }
            }
        }
    }

    private static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
