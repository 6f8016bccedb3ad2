package io.jitprov.saml;

import io.jitprov.saml.internal.OpenSaml;
import io.jitprov.saml.internal.Pem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.xml.namespace.QName;
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
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
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
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.RSAOAEPParameters;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * Builds real SAML responses, signed with OpenSAML's signer (and encrypted with its encrypter) as
 * an IdP would. Every field starts valid for {@link #NOW}; tests change one thing at a time.
 * Public, with a few public setters, for the examples' tests.
 */
public final class TestResponse {

    public static final String IDP = "https://idp.acme.test/saml";
    public static final String SP = "https://app.example/saml";
    public static final String ACS = "https://app.example/saml/acs";
    public static final String REQUEST_ID = "_req-4f1c2a";
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    String responseId = "_r" + UUID.randomUUID();
    String assertionId = "_a" + UUID.randomUUID();
    @Nullable String responseIssuer = IDP;
    @Nullable String assertionIssuer = IDP;
    @Nullable String destination = ACS;
    @Nullable String inResponseTo = REQUEST_ID;
    @Nullable String confirmationInResponseTo = REQUEST_ID;
    @Nullable String recipient = ACS;
    String confirmationMethod = SubjectConfirmation.METHOD_BEARER;
    @Nullable List<String> audiences = List.of(SP);
    Instant issueInstant = NOW;
    @Nullable Instant notBefore = NOW.minus(Duration.ofMinutes(1));
    @Nullable Instant notOnOrAfter = NOW.plus(Duration.ofMinutes(5));
    @Nullable Instant confirmationNotOnOrAfter = NOW.plus(Duration.ofMinutes(5));
    @Nullable String nameId = "alice-0001";
    String nameIdFormat = NameIDType.PERSISTENT;
    final Map<String, List<String>> attributes = new LinkedHashMap<>(Map.of(
            "urn:oid:0.9.2342.19200300.100.1.3", List.of("alice@acme.test"),
            "memberOf", List.of("acme-staff", "acme-eng-backend")));
    String statusCode = StatusCode.SUCCESS;
    @Nullable String statusSubCode;
    @Nullable String statusMessage;
    /** FriendlyName of an attribute, by its Name. */
    final Map<String, String> friendlyNames = new LinkedHashMap<>();
    /** Attributes that also carry an {@code xsi:nil} value. */
    final Set<String> nilValues = new HashSet<>();
    boolean authnStatement = true;
    Instant authnInstant = NOW.minus(Duration.ofMinutes(2));
    String sessionIndex = "_session-77";
    String authnContextClass = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    @Nullable SamlCredential assertionSigner = TestKeys.IDP;
    @Nullable SamlCredential responseSigner;
    String signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
    String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;
    boolean keyInfo;
    @Nullable SamlCredential encryptTo;
    /** Encrypts the NameID (EncryptedID) and the attributes (EncryptedAttribute) to this key. */
    @Nullable SamlCredential encryptElementsTo;
    String dataAlgorithm = EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM;
    String keyTransport = EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP;
    /** RSA-OAEP's digest, mask generation function and label, when not the defaults. */
    @Nullable RSAOAEPParameters oaep;
    /** Where the EncryptedKey goes: inside the EncryptedData's KeyInfo, or beside it. */
    Encrypter.KeyPlacement keyPlacement = Encrypter.KeyPlacement.INLINE;
    /** Changes the signed assertion's DOM before it is encrypted: what an attacker encrypting to our key can send. */
    java.util.function.@Nullable Consumer<Element> beforeEncryption;

    public static TestResponse valid() {
        OpenSaml.ensureInitialized();
        return new TestResponse();
    }

    /** An IdP-initiated response: answers no request. */
    public TestResponse unsolicited() {
        inResponseTo = null;
        confirmationInResponseTo = null;
        return this;
    }

    /** The assertion, signed, encrypted to the service provider's key {@link TestKeys#SP}. */
    public TestResponse encrypted() {
        encryptTo = TestKeys.SP;
        return this;
    }

    /** The NameID. */
    public TestResponse subject(String value) {
        nameId = value;
        return this;
    }

    TestResponse with(java.util.function.Consumer<TestResponse> change) {
        change.accept(this);
        return this;
    }

    /** The signed (and maybe encrypted) response as a DOM element. */
    Element dom() {
        try {
            Response response = response();
            Assertion assertion = assertion();
            if (assertionSigner != null) {
                sign(assertion, assertionSigner);
            }
            if (encryptTo != null) {
                XMLObjectSupport.marshall(assertion);
                if (assertionSigner != null) {
                    Signer.signObject(assertion.getSignature());
                }
                if (beforeEncryption != null) {
                    beforeEncryption.accept(assertion.getDOM());
                }
                response.getEncryptedAssertions().add(encrypt(assertion, encryptTo));
            } else {
                response.getAssertions().add(assertion);
            }
            if (responseSigner != null) {
                sign(response, responseSigner);
            }
            Element element = XMLObjectSupport.marshall(response);
            if (encryptTo == null && assertionSigner != null) {
                Signer.signObject(assertion.getSignature());
            }
            if (responseSigner != null) {
                Signer.signObject(response.getSignature());
            }
            return element;
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the test response", e);
        }
    }

    String xml() {
        return SerializeSupport.nodeToString(dom());
    }

    public String base64() {
        return encode(xml());
    }

    static String encode(String xml) {
        return Base64.getMimeEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    private Response response() {
        Response response = build(Response.DEFAULT_ELEMENT_NAME);
        response.setID(responseId);
        response.setIssueInstant(issueInstant);
        response.setDestination(destination);
        response.setInResponseTo(inResponseTo);
        if (responseIssuer != null) {
            response.setIssuer(issuer(responseIssuer));
        }
        Status status = build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(statusCode);
        if (statusSubCode != null) {
            StatusCode sub = build(StatusCode.DEFAULT_ELEMENT_NAME);
            sub.setValue(statusSubCode);
            code.setStatusCode(sub);
        }
        status.setStatusCode(code);
        if (statusMessage != null) {
            StatusMessage message = build(StatusMessage.DEFAULT_ELEMENT_NAME);
            message.setValue(statusMessage);
            status.setStatusMessage(message);
        }
        response.setStatus(status);
        return response;
    }

    private Assertion assertion() throws Exception {
        Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID(assertionId);
        assertion.setIssueInstant(issueInstant);
        if (assertionIssuer != null) {
            assertion.setIssuer(issuer(assertionIssuer));
        }
        assertion.setSubject(subject());
        Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.setNotBefore(notBefore);
        conditions.setNotOnOrAfter(notOnOrAfter);
        if (audiences != null) {
            AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
            for (String uri : audiences) {
                Audience audience = build(Audience.DEFAULT_ELEMENT_NAME);
                audience.setURI(uri);
                restriction.getAudiences().add(audience);
            }
            conditions.getAudienceRestrictions().add(restriction);
        }
        assertion.setConditions(conditions);
        if (authnStatement) {
            AuthnStatement statement = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
            statement.setAuthnInstant(authnInstant);
            statement.setSessionIndex(sessionIndex);
            AuthnContext context = build(AuthnContext.DEFAULT_ELEMENT_NAME);
            AuthnContextClassRef classRef = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
            classRef.setURI(authnContextClass);
            context.setAuthnContextClassRef(classRef);
            statement.setAuthnContext(context);
            assertion.getAuthnStatements().add(statement);
        }
        if (!attributes.isEmpty()) {
            AttributeStatement statement = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
            for (Map.Entry<String, List<String>> entry : attributes.entrySet()) {
                Attribute attribute = attribute(entry.getKey(), entry.getValue());
                attribute.setFriendlyName(friendlyNames.get(entry.getKey()));
                if (nilValues.contains(entry.getKey())) {
                    XSString nil = (XSString) XMLObjectProviderRegistrySupport.getBuilderFactory()
                            .getBuilder(XSString.TYPE_NAME).buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
                    nil.setNil(true);
                    attribute.getAttributeValues().add(nil);
                }
                if (encryptElementsTo != null) {
                    statement.getEncryptedAttributes().add(encrypter(encryptElementsTo).encrypt(attribute));
                } else {
                    statement.getAttributes().add(attribute);
                }
            }
            assertion.getAttributeStatements().add(statement);
        }
        return assertion;
    }

    private Subject subject() throws Exception {
        Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
        if (nameId != null) {
            NameID id = build(NameID.DEFAULT_ELEMENT_NAME);
            id.setValue(nameId);
            id.setFormat(nameIdFormat);
            if (encryptElementsTo != null) {
                subject.setEncryptedID(encrypter(encryptElementsTo).encrypt(id));
            } else {
                subject.setNameID(id);
            }
        }
        SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(confirmationMethod);
        SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(recipient);
        data.setNotOnOrAfter(confirmationNotOnOrAfter);
        data.setInResponseTo(confirmationInResponseTo);
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        return subject;
    }

    static Attribute attribute(String name, List<String> values) {
        Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        attribute.setNameFormat(Attribute.URI_REFERENCE);
        for (String value : values) {
            XSString text = (XSString) XMLObjectProviderRegistrySupport.getBuilderFactory()
                    .getBuilder(XSString.TYPE_NAME).buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
            text.setValue(value);
            attribute.getAttributeValues().add(text);
        }
        return attribute;
    }

    private static Issuer issuer(String value) {
        Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(value);
        return issuer;
    }

    private void sign(SignableSAMLObject object, SamlCredential signer) throws Exception {
        Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
        BasicX509Credential credential = new BasicX509Credential(signer.certificate(), signer.privateKey());
        signature.setSigningCredential(credential);
        signature.setSignatureAlgorithm(signatureAlgorithm);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        if (keyInfo) {
            X509KeyInfoGeneratorFactory factory = new X509KeyInfoGeneratorFactory();
            factory.setEmitEntityCertificate(true);
            signature.setKeyInfo(factory.newInstance().generate(credential));
        }
        object.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0)).setDigestAlgorithm(digestAlgorithm);
    }

    private EncryptedAssertion encrypt(Assertion assertion, SamlCredential to) throws Exception {
        return encrypter(to).encrypt(assertion);
    }

    private Encrypter encrypter(SamlCredential to) {
        DataEncryptionParameters data = new DataEncryptionParameters();
        data.setAlgorithm(dataAlgorithm);
        KeyEncryptionParameters key = new KeyEncryptionParameters();
        key.setEncryptionCredential(new BasicX509Credential(to.certificate()));
        key.setAlgorithm(keyTransport);
        key.setRSAOAEPParameters(oaep);
        Encrypter encrypter = new Encrypter(data, key);
        encrypter.setKeyPlacement(keyPlacement);
        return encrypter;
    }

    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T build(QName name) {
        return (T) XMLObjectSupport.buildXMLObject(name);
    }

    /** Metadata of the test IdP, listing {@code signers}' certificates. */
    public static String idpMetadata(String entityId, SamlCredential... signers) {
        StringBuilder keys = new StringBuilder();
        for (SamlCredential signer : signers) {
            keys.append("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>")
                    .append(Pem.encode(signer.certificate()))
                    .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
        }
        return "<md:EntityDescriptor xmlns:md=\"" + SAMLConstants.SAML20MD_NS + "\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
                + " entityID=\"" + entityId + "\"><md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\""
                + " protocolSupportEnumeration=\"" + SAMLConstants.SAML20P_NS + "\">" + keys
                + "<md:SingleLogoutService Binding=\"" + SAMLConstants.SAML2_REDIRECT_BINDING_URI
                + "\" Location=\"https://idp.acme.test/slo\"/>"
                + "<md:SingleSignOnService Binding=\"" + SAMLConstants.SAML2_REDIRECT_BINDING_URI
                + "\" Location=\"https://idp.acme.test/sso\"/>"
                + "<md:SingleSignOnService Binding=\"" + SAMLConstants.SAML2_POST_BINDING_URI
                + "\" Location=\"https://idp.acme.test/sso-post\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    static List<String> list(String... values) {
        return new ArrayList<>(List.of(values));
    }
}
