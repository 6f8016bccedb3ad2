package io.jitprov.saml;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** DOM surgery for attack tests: what an attacker does to a response they intercepted. */
final class Xml {

    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private Xml() {
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String serialize(Node node) {
        try {
            StringWriter out = new StringWriter();
            var transformer = TransformerFactory.newDefaultInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64(Document document) {
        return TestResponse.encode(serialize(document));
    }

    /** The first descendant (or self) of {@code root} with this name. */
    static Element first(Element root, String namespace, String localName) {
        if (namespace.equals(root.getNamespaceURI()) && localName.equals(root.getLocalName())) {
            return root;
        }
        NodeList list = root.getElementsByTagNameNS(namespace, localName);
        if (list.getLength() == 0) {
            throw new IllegalStateException("No " + localName);
        }
        return (Element) list.item(0);
    }

    /** The Signature that is a direct child of {@code element}. */
    static Element signatureOf(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && DS.equals(e.getNamespaceURI()) && "Signature".equals(e.getLocalName())) {
                return e;
            }
        }
        throw new IllegalStateException("Not signed");
    }

    /** A copy of {@code assertion} with another ID and NameID, and without its signature. */
    static Element evilCopy(Element assertion, String newId, String newNameId) {
        Element evil = (Element) assertion.cloneNode(true);
        evil.setAttribute("ID", newId);
        evil.removeChild(signatureOf(evil));
        first(evil, SAML, "NameID").setTextContent(newNameId);
        return evil;
    }

    /** The element after the Issuer child, where SAML's schema puts a Signature. */
    static Node afterIssuer(Element element) {
        return first(element, SAML, "Issuer").getNextSibling();
    }
}
