package io.jitprov.saml.internal;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses untrusted XML into a DOM with the JDK's own parser, hardened: no DOCTYPE at all (so no
 * entities, internal or external, and no DTD fetch), no XInclude, secure processing limits, and
 * a bounded element depth, comments dropped, CDATA sections merged into text. One builder per thread, reset between documents.
 */
public final class SecureXml {

    /** Deeper than any SAML response an IdP sends, shallow enough to bound the parser's stack. */
    public static final int MAX_DEPTH = 64;

    private static final DocumentBuilderFactory FACTORY = factory();
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SecureXml::newBuilder);
    private static final ErrorHandler FAIL = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // Warnings carry no security meaning; the parse goes on.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SecureXml() {
    }

    /**
     * Parses {@code xml}.
     *
     * @throws JitAuthenticationException {@link JitErrorCodes#MALFORMED_MESSAGE} when it is not
     *     well-formed, has a DOCTYPE, or nests too deep
     */
    public static Document parse(byte[] xml) {
        DocumentBuilder builder = BUILDER.get();
        try {
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                    "The message is not acceptable XML: " + describe(e));
        } catch (IOException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                    "The message could not be read as XML");
        } finally {
            builder.reset();
            builder.setErrorHandler(FAIL);
        }
    }

    private static String describe(SAXException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE")) {
            return "a DOCTYPE declaration is not allowed";
        }
        if (message.contains("maxElementDepth") || message.contains("depth")) {
            return "elements nest deeper than " + MAX_DEPTH;
        }
        // Parser messages quote positions, not content; keep them short all the same.
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    private static DocumentBuilderFactory factory() {
        // The JDK's parser, whatever else is on the class path, so the settings below are known to hold.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        // OpenSAML's unmarshaller refuses comment nodes; a signature never covers comments either
        // (exclusive c14n without comments), so dropping them loses nothing that was signed.
        factory.setIgnoringComments(true);
        // OpenSAML's unmarshaller refuses CDATA nodes too. Canonical XML writes a CDATA section as its
        // text, so the signed octets are the same once it is merged into the text around it.
        factory.setCoalescing(true);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            // Every node is visited (shape check, unmarshalling, c14n): build them all at once rather
            // than lazily, which costs more when everything is read anyway.
            factory.setFeature("http://apache.org/xml/features/dom/defer-node-expansion", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser does not support a required safety feature", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_DEPTH));
        return factory;
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(FAIL);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("No XML parser available", e);
        }
    }
}
