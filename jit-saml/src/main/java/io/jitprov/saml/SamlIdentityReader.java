package io.jitprov.saml;

import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.saml.internal.AssertionDecrypter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.EncryptedAttribute;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Subject;
import org.w3c.dom.Element;

/**
 * Reads the identity out of the one verified assertion. Text is taken from the DOM the signature
 * covered, as the full text content of each element (the parser drops comments, and every text
 * node counts), so a comment inside a NameID ({@code alice@acme.test<!---->.evil.test}) cannot
 * shorten it to another person's name.
 */
final class SamlIdentityReader {

    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** What Entra ID sends instead of the groups when there are too many (group overage). */
    static final String ENTRA_GROUPS_LINK = "http://schemas.microsoft.com/claims/groups.link";

    private final AssertionDecrypter decrypter;

    SamlIdentityReader(AssertionDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    VerifiedIdentity read(Assertion assertion, SamlIdentityProvider idp) {
        VerifiedIdentity.Builder identity = VerifiedIdentity.issuedBy(idp.entityId())
                .subject(subject(assertion.getSubject()))
                .kind(IdentityKind.HUMAN)
                .emailVerified(idp.emailsVerified());
        Map<String, List<String>> attributes = attributes(assertion, idp);
        identity.groupsIncomplete(attributes.remove(ENTRA_GROUPS_LINK) != null);
        identity.attributes(map -> map.putAll(attributes));
        if (!assertion.getAuthnStatements().isEmpty()) {
            AuthnStatement statement = assertion.getAuthnStatements().get(0);
            identity.authnInstant(statement.getAuthnInstant()).sessionIndex(statement.getSessionIndex());
            if (statement.getAuthnContext() != null && statement.getAuthnContext().getAuthnContextClassRef() != null) {
                identity.authnContextClass(statement.getAuthnContext().getAuthnContextClassRef().getURI());
            }
        }
        if (assertion.getConditions() != null) {
            identity.notOnOrAfter(assertion.getConditions().getNotOnOrAfter());
        }
        return identity.build();
    }

    private String subject(Subject subject) {
        NameID nameId = subject.getNameID();
        if (nameId == null && subject.getEncryptedID() != null) {
            nameId = decrypter.decrypt(subject.getEncryptedID());
        }
        if (nameId == null) {
            throw new JitAuthenticationException(JitErrorCodes.SUBJECT_INVALID, "The assertion's Subject has no NameID");
        }
        if (NameIDType.TRANSIENT.equals(nameId.getFormat())) {
            throw new JitAuthenticationException(JitErrorCodes.SUBJECT_INVALID, "The NameID is transient: it changes"
                    + " on every login and cannot key an account; configure the IdP for persistent or email NameIDs");
        }
        String value = text(nameId);
        if (value.isBlank()) {
            throw new JitAuthenticationException(JitErrorCodes.SUBJECT_INVALID, "The NameID is empty");
        }
        return value;
    }

    private Map<String, List<String>> attributes(Assertion assertion, SamlIdentityProvider idp) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (AttributeStatement statement : assertion.getAttributeStatements()) {
            for (Attribute attribute : statement.getAttributes()) {
                add(values, attribute, idp);
            }
            for (EncryptedAttribute encrypted : statement.getEncryptedAttributes()) {
                add(values, decrypter.decrypt(encrypted), idp);
            }
        }
        return values;
    }

    private static void add(Map<String, List<String>> values, Attribute attribute, SamlIdentityProvider idp) {
        List<String> texts = new ArrayList<>();
        for (XMLObject value : attribute.getAttributeValues()) {
            Element element = value.getDOM();
            if (element != null && !"true".equals(element.getAttributeNS(XSI, "nil"))) {
                texts.add(element.getTextContent());
            }
        }
        if (texts.isEmpty() || attribute.getName() == null) {
            return;
        }
        values.computeIfAbsent(attribute.getName(), n -> new ArrayList<>()).addAll(texts);
        String friendly = attribute.getFriendlyName();
        if (friendly != null && !friendly.equals(attribute.getName())) {
            values.computeIfAbsent(friendly, n -> new ArrayList<>()).addAll(texts);
        }
        if (idp.groupAttributes().contains(attribute.getName())
                || (friendly != null && idp.groupAttributes().contains(friendly))) {
            values.computeIfAbsent(StandardAttributes.GROUPS, n -> new ArrayList<>()).addAll(texts);
        }
    }

    private static String text(NameID nameId) {
        Element element = nameId.getDOM();
        // getTextContent joins every text node: the value the signature covered, not its first piece.
        return element != null ? element.getTextContent() : String.valueOf(nameId.getValue());
    }
}
