package io.jitprov.testidp;

import io.jitprov.saml.SamlMetadata;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.StatusMessage;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.EncryptionException;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * The SAML IdP: its metadata, AuthnRequests read from either binding, signed (and, when asked,
 * encrypted) responses, and signed LogoutRequests.
 */
final class SamlSide {

    static final String PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** What the IdP needs from an AuthnRequest to answer it. */
    record AuthnRequest(String id, String issuer, String acsUrl) { }

    private final String entityId;
    private final String ssoUrl;
    private final String sloUrl;
    private final Keys keys;
    private final @Nullable X509Certificate encryptTo;

    SamlSide(String entityId, String ssoUrl, String sloUrl, Keys keys, @Nullable X509Certificate encryptTo) {
        this.entityId = entityId;
        this.ssoUrl = ssoUrl;
        this.sloUrl = sloUrl;
        this.keys = keys;
        this.encryptTo = encryptTo;
        // jit reads our own metadata first: it proves the metadata, and starts OpenSAML with jit's settings.
        SamlMetadata.parseIdentityProvider(metadata()).build();
    }

    String entityId() {
        return entityId;
    }

    String metadata() {
        StringBuilder xml = new StringBuilder("<md:EntityDescriptor xmlns:md=\"").append(SAMLConstants.SAML20MD_NS)
                .append("\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"").append(Pages.escape(entityId))
                .append("\"><md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" protocolSupportEnumeration=\"")
                .append(SAMLConstants.SAML20P_NS).append("\">");
        for (X509Certificate certificate : keys.certificates()) {
            xml.append("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>")
                    .append(base64(certificate)).append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
        }
        for (String binding : List.of(SAMLConstants.SAML2_REDIRECT_BINDING_URI, SAMLConstants.SAML2_POST_BINDING_URI)) {
            xml.append("<md:SingleLogoutService Binding=\"").append(binding).append("\" Location=\"")
                    .append(Pages.escape(sloUrl)).append("\"/>");
        }
        xml.append("<md:NameIDFormat>").append(NameIDType.PERSISTENT).append("</md:NameIDFormat>");
        for (String binding : List.of(SAMLConstants.SAML2_REDIRECT_BINDING_URI, SAMLConstants.SAML2_POST_BINDING_URI)) {
            xml.append("<md:SingleSignOnService Binding=\"").append(binding).append("\" Location=\"")
                    .append(Pages.escape(ssoUrl)).append("\"/>");
        }
        return xml.append("</md:IDPSSODescriptor></md:EntityDescriptor>").toString();
    }

    /** Reads an AuthnRequest: deflated (HTTP-Redirect) or as posted (HTTP-POST); DOCTYPEs refused. */
    AuthnRequest read(String samlRequest, boolean deflated) {
        byte[] xml;
        try {
            byte[] decoded = Base64.getMimeDecoder().decode(samlRequest);
            xml = deflated ? inflate(decoded) : decoded;
        } catch (IllegalArgumentException e) {
            throw new IdpRefusal("The SAMLRequest is not base64" + (deflated ? "-encoded DEFLATE" : ""));
        }
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            // The default handler prints every bad request to stderr before the refusal: quiet it.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            root = builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (Exception e) {
            throw new IdpRefusal("The SAMLRequest is not well-formed XML");
        }
        if (!SAMLConstants.SAML20P_NS.equals(root.getNamespaceURI()) || !"AuthnRequest".equals(root.getLocalName())) {
            throw new IdpRefusal("The SAMLRequest is not a SAML 2.0 AuthnRequest");
        }
        var issuers = root.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Issuer");
        String id = root.getAttribute("ID");
        String acs = root.getAttribute("AssertionConsumerServiceURL");
        if (issuers.getLength() == 0 || id.isEmpty() || acs.isEmpty()) {
            throw new IdpRefusal("The test IdP answers AuthnRequests that carry an ID, an Issuer and an"
                    + " AssertionConsumerServiceURL");
        }
        String binding = root.getAttribute("ProtocolBinding");
        if (!binding.isEmpty() && !SAMLConstants.SAML2_POST_BINDING_URI.equals(binding)) {
            throw new IdpRefusal("The test IdP answers with the HTTP-POST binding only, not " + binding);
        }
        return new AuthnRequest(id, issuers.item(0).getTextContent().strip(), acs);
    }

    /**
     * The signed response for {@code person}, answering {@code request} (or unsolicited, when its id
     * is null), posted to its ACS URL; the failure, when there is one, spoils it as asked.
     */
    TestIdp.Answer response(AuthnRequest request, @Nullable String relayState, TestPerson person, String sessionIndex,
            TestIdp.@Nullable Failure failure) {
        Instant now = Instant.now();
        String addressedTo = failure == TestIdp.Failure.WRONG_RECIPIENT ? request.acsUrl() + "-elsewhere" : request.acsUrl();
        Response response = build(Response.DEFAULT_ELEMENT_NAME);
        response.setID("_" + UUID.randomUUID());
        response.setIssueInstant(now);
        response.setDestination(addressedTo);
        response.setInResponseTo(request.id().isEmpty() ? null : request.id());
        response.setIssuer(issuer());
        // OpenSAML signs over the DOM: the whole response is marshalled before the assertion is signed.
        @Nullable Signature unsigned = null;
        if (failure == TestIdp.Failure.SIGN_IN_REFUSED) {
            response.setStatus(status(StatusCode.RESPONDER, StatusCode.AUTHN_FAILED, "The test IdP refused this sign-in"));
        } else {
            response.setStatus(status(StatusCode.SUCCESS, null, null));
            Assertion assertion = assertion(request, addressedTo, person, sessionIndex, failure, now);
            Keys.Generation signer = failure == TestIdp.Failure.UNKNOWN_KEY ? keys.stranger() : keys.current();
            Signature signature = prepareSignature(assertion, signer.saml());
            if (encryptTo != null) {
                marshall(assertion);
                sign(signature);
                response.getEncryptedAssertions().add(encrypt(assertion));
            } else {
                response.getAssertions().add(assertion);
                unsigned = signature;
            }
        }
        Element element = marshall(response);
        if (unsigned != null) {
            sign(unsigned);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("SAMLResponse", Base64.getEncoder().encodeToString(
                SerializeSupport.nodeToString(element).getBytes(StandardCharsets.UTF_8)));
        if (relayState != null) {
            fields.put("RelayState", relayState);
        }
        return new TestIdp.Answer("POST", request.acsUrl(), fields);
    }

    /** A signed LogoutRequest (HTTP-POST binding) ending {@code session} at the service provider's {@code sloUrl}. */
    TestIdp.Answer logoutRequest(TestIdp.Session session, String sloUrl) {
        Instant now = Instant.now();
        LogoutRequest request = build(LogoutRequest.DEFAULT_ELEMENT_NAME);
        request.setID("_" + UUID.randomUUID());
        request.setIssueInstant(now);
        request.setNotOnOrAfter(now.plus(Duration.ofMinutes(5)));
        request.setDestination(sloUrl);
        request.setIssuer(issuer());
        request.setNameID(nameId(session.person()));
        SessionIndex index = build(SessionIndex.DEFAULT_ELEMENT_NAME);
        index.setValue(session.id());
        request.getSessionIndexes().add(index);
        Signature signature = prepareSignature(request, keys.current().saml());
        Element element = marshall(request);
        sign(signature);
        String xml = SerializeSupport.nodeToString(element);
        return new TestIdp.Answer("POST", sloUrl, Map.of("SAMLRequest",
                Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8))));
    }

    private Assertion assertion(AuthnRequest request, String addressedTo, TestPerson person, String sessionIndex,
            TestIdp.@Nullable Failure failure, Instant now) {
        // An expired answer was issued ten minutes ago and lived for five.
        Instant issued = failure == TestIdp.Failure.EXPIRED ? now.minus(Duration.ofMinutes(10)) : now;
        Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID("_" + UUID.randomUUID());
        assertion.setIssueInstant(issued);
        assertion.setIssuer(issuer());
        Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
        subject.setNameID(nameId(person));
        SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
        SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(addressedTo);
        data.setInResponseTo(request.id().isEmpty() ? null : request.id());
        data.setNotOnOrAfter(issued.plus(Duration.ofMinutes(5)));
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        assertion.setSubject(subject);
        Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.setNotBefore(issued.minusSeconds(30));
        conditions.setNotOnOrAfter(issued.plus(Duration.ofMinutes(5)));
        AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        Audience audience = build(Audience.DEFAULT_ELEMENT_NAME);
        audience.setURI(failure == TestIdp.Failure.WRONG_AUDIENCE ? "urn:test-idp:another-service" : request.issuer());
        restriction.getAudiences().add(audience);
        conditions.getAudienceRestrictions().add(restriction);
        assertion.setConditions(conditions);
        AuthnStatement authn = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        authn.setAuthnInstant(issued);
        authn.setSessionIndex(sessionIndex);
        AuthnContext context = build(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef classRef = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        classRef.setURI(person.mfa() ? TestIdp.MFA_CONTEXT : PASSWORD_CONTEXT);
        context.setAuthnContextClassRef(classRef);
        authn.setAuthnContext(context);
        assertion.getAuthnStatements().add(authn);
        assertion.getAttributeStatements().add(attributes(person));
        return assertion;
    }

    private static AttributeStatement attributes(TestPerson person) {
        AttributeStatement statement = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        List<Attribute> attributes = statement.getAttributes();
        attributes.add(attribute("email", "mail", List.of(person.email())));
        attributes.add(attribute("name", "displayName", List.of(person.name())));
        if (!person.groups().isEmpty()) {
            attributes.add(attribute("groups", "memberOf", person.groups()));
        }
        person.attributes().forEach((name, values) -> attributes.add(attribute(name, null, values)));
        return statement;
    }

    private NameID nameId(TestPerson person) {
        NameID nameId = build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue(person.subject());
        nameId.setFormat(NameIDType.PERSISTENT);
        return nameId;
    }

    private Issuer issuer() {
        Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(entityId);
        return issuer;
    }

    private static Status status(String code, @Nullable String secondLevel, @Nullable String message) {
        Status status = build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode top = build(StatusCode.DEFAULT_ELEMENT_NAME);
        top.setValue(code);
        if (secondLevel != null) {
            StatusCode second = build(StatusCode.DEFAULT_ELEMENT_NAME);
            second.setValue(secondLevel);
            top.setStatusCode(second);
        }
        status.setStatusCode(top);
        if (message != null) {
            StatusMessage text = build(StatusMessage.DEFAULT_ELEMENT_NAME);
            text.setValue(message);
            status.setStatusMessage(text);
        }
        return status;
    }

    private static Attribute attribute(String name, @Nullable String friendlyName, List<String> values) {
        Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        attribute.setFriendlyName(friendlyName);
        attribute.setNameFormat(Attribute.BASIC);
        for (String value : values) {
            XSString text = (XSString) XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilder(XSString.TYPE_NAME)
                    .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
            text.setValue(value);
            attribute.getAttributeValues().add(text);
        }
        return attribute;
    }

    private static Signature prepareSignature(SignableSAMLObject object, BasicX509Credential credential) {
        Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(credential);
        signature.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        object.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0))
                .setDigestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA256);
        return signature;
    }

    private org.opensaml.saml.saml2.core.EncryptedAssertion encrypt(Assertion assertion) {
        DataEncryptionParameters data = new DataEncryptionParameters();
        data.setAlgorithm(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM);
        KeyEncryptionParameters key = new KeyEncryptionParameters();
        key.setEncryptionCredential(new BasicX509Credential(encryptTo));
        key.setAlgorithm(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);
        Encrypter encrypter = new Encrypter(data, key);
        encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
        try {
            return encrypter.encrypt(assertion);
        } catch (EncryptionException e) {
            throw new IllegalStateException("The test IdP could not encrypt the assertion", e);
        }
    }

    private static Element marshall(XMLObject object) {
        try {
            return XMLObjectSupport.marshall(object);
        } catch (Exception e) {
            throw new IllegalStateException("The test IdP could not write its response", e);
        }
    }

    private static byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IdpRefusal("The SAMLRequest's DEFLATE stream is cut short");
                }
                xml.write(buffer, 0, n);
                if (xml.size() > MAX_REQUEST_BYTES) {
                    throw new IdpRefusal("The SAMLRequest inflates past " + MAX_REQUEST_BYTES + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new IdpRefusal("The SAMLRequest is not DEFLATE-compressed");
        } finally {
            inflater.end();
        }
        return xml.toByteArray();
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends XMLObject> T build(QName name) {
        return (T) XMLObjectSupport.buildXMLObject(name);
    }

    private static void sign(Signature signature) {
        try {
            Signer.signObject(signature);
        } catch (SignatureException e) {
            throw new IllegalStateException("The test IdP could not sign", e);
        }
    }
}
