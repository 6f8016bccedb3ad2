package io.jitprov.examples.devidp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.zip.Inflater;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import io.jitprov.saml.SamlMetadata;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLObjectContentReference;
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
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * The SAML half of the development IdP: its metadata, reading the demo's AuthnRequests, and
 * signed responses for the person picked. Its key is made at start and never stored.
 */
final class DevSamlIdp {

    private final String entityId;
    private final String ssoUrl;
    private final BasicX509Credential credential;

    /** What the IdP needs from an AuthnRequest to answer it. */
    record Request(String id, String issuer, String acsUrl) { }

    DevSamlIdp(String entityId, String ssoUrl) {
        this.entityId = entityId;
        this.ssoUrl = ssoUrl;
        this.credential = newCredential();
        // Reading our own metadata checks it, and starts OpenSAML before the first response is built.
        SamlMetadata.parseIdentityProvider(metadata()).build();
    }

    String entityId() {
        return entityId;
    }

    String metadata() {
        String certificate = Base64.getEncoder().encodeToString(encoded(credential.getEntityCertificate()));
        return "<md:EntityDescriptor xmlns:md=\"" + SAMLConstants.SAML20MD_NS + "\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
                + " entityID=\"" + entityId + "\"><md:IDPSSODescriptor protocolSupportEnumeration=\"" + SAMLConstants.SAML20P_NS
                + "\"><md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + certificate
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:SingleSignOnService Binding=\"" + SAMLConstants.SAML2_REDIRECT_BINDING_URI + "\" Location=\"" + ssoUrl
                + "\"/></md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    /** Reads a deflated, base64 AuthnRequest from the Redirect binding (parsed with DOCTYPEs refused). */
    Request read(String samlRequest) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(samlRequest));
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished() && xml.size() < 64 * 1024) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            xml.write(buffer, 0, n);
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.toByteArray())).getDocumentElement();
        String issuer = root.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Issuer").item(0).getTextContent();
        return new Request(root.getAttribute("ID"), issuer, root.getAttribute("AssertionConsumerServiceURL"));
    }

    /** A signed response for {@code person} in {@code groups}, answering {@code request}. */
    String response(Request request, DemoPerson person, List<String> groups, String sessionIndex, boolean mfa)
            throws Exception {
        Instant now = Instant.now();
        Response response = build(Response.DEFAULT_ELEMENT_NAME);
        response.setID("_" + UUID.randomUUID());
        response.setIssueInstant(now);
        response.setDestination(request.acsUrl());
        response.setInResponseTo(request.id());
        response.setIssuer(issuer());
        Status status = build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(StatusCode.SUCCESS);
        status.setStatusCode(code);
        response.setStatus(status);
        Assertion assertion = assertion(request, person, groups, sessionIndex, mfa, now);
        response.getAssertions().add(assertion);
        Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(credential);
        signature.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        assertion.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0))
                .setDigestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA256);
        Element element = XMLObjectSupport.marshall(response);
        Signer.signObject(signature);
        return Base64.getEncoder().encodeToString(SerializeSupport.nodeToString(element).getBytes(StandardCharsets.UTF_8));
    }

    private Assertion assertion(Request request, DemoPerson person, List<String> groups, String sessionIndex,
            boolean mfa, Instant now) {
        Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID("_" + UUID.randomUUID());
        assertion.setIssueInstant(now);
        assertion.setIssuer(issuer());
        Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
        NameID nameId = build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue(person.subject());
        nameId.setFormat(NameIDType.PERSISTENT);
        subject.setNameID(nameId);
        SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
        SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(request.acsUrl());
        data.setInResponseTo(request.id());
        data.setNotOnOrAfter(now.plus(Duration.ofMinutes(5)));
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        assertion.setSubject(subject);
        Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.setNotBefore(now.minusSeconds(30));
        conditions.setNotOnOrAfter(now.plus(Duration.ofMinutes(5)));
        AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        Audience audience = build(Audience.DEFAULT_ELEMENT_NAME);
        audience.setURI(request.issuer());
        restriction.getAudiences().add(audience);
        conditions.getAudienceRestrictions().add(restriction);
        assertion.setConditions(conditions);
        AuthnStatement authn = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        authn.setAuthnInstant(now);
        authn.setSessionIndex(sessionIndex);
        AuthnContext context = build(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef classRef = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        classRef.setURI(mfa ? DevIdpServlet.MFA_CONTEXT : DevIdpServlet.PASSWORD_CONTEXT);
        context.setAuthnContextClassRef(classRef);
        authn.setAuthnContext(context);
        assertion.getAuthnStatements().add(authn);
        AttributeStatement attributes = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        attributes.getAttributes().add(attribute("urn:oid:0.9.2342.19200300.100.1.3", "mail", List.of(person.email())));
        attributes.getAttributes().add(attribute("urn:oid:2.16.840.1.113730.3.1.241", "displayName", List.of(person.name())));
        if (!groups.isEmpty()) {
            attributes.getAttributes().add(attribute("memberOf", "memberOf", groups));
        }
        assertion.getAttributeStatements().add(attributes);
        return assertion;
    }

    private Issuer issuer() {
        Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(entityId);
        return issuer;
    }

    private static Attribute attribute(String name, String friendlyName, List<String> values) {
        Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        attribute.setFriendlyName(friendlyName);
        attribute.setNameFormat(Attribute.URI_REFERENCE);
        for (String value : values) {
            XSString text = (XSString) XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilder(XSString.TYPE_NAME)
                    .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
            text.setValue(value);
            attribute.getAttributeValues().add(text);
        }
        return attribute;
    }

    @SuppressWarnings("unchecked")
    private static <T extends XMLObject> T build(QName name) {
        return (T) XMLObjectSupport.buildXMLObject(name);
    }

    private static BasicX509Credential newCredential() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=jit development IdP (demo only)");
            Instant now = Instant.now();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new BasicX509Credential(certificate, pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("The development IdP could not make its key", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
