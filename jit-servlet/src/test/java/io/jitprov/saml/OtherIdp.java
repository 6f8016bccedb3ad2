package io.jitprov.saml;

import io.jitprov.saml.internal.OpenSaml;
import io.jitprov.saml.internal.Pem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * A second SAML identity provider with a key and entity ID of its own, for the attack tests: one
 * an attacker runs (trusted by some other tenant), or a genuine one whose metadata has another
 * shape than {@link IdpSide}'s (no HTTP-Redirect single logout, no SSO service it can be sent to).
 */
public final class OtherIdp {

    /** Which services the IdP's metadata lists. */
    public enum Shape {
        /** SSO by HTTP-Redirect and HTTP-POST, single logout by HTTP-Redirect (as {@link IdpSide}). */
        FULL,
        /** SSO by HTTP-Redirect, single logout by HTTP-POST only (Keycloak's "Logout Service POST Binding URL"). */
        SLO_POST_ONLY,
        /** SSO by HTTP-Artifact only: neither binding jit sends AuthnRequests with. */
        SSO_ARTIFACT_ONLY
    }

    private final String entityId;
    private final String host;
    private final SamlCredential key = TestKeys.rsa("CN=other-idp", 2048);
    private final Shape shape;

    public OtherIdp(String entityId, String host, Shape shape) {
        this.entityId = entityId;
        this.host = host;
        this.shape = shape;
    }

    public String entityId() {
        return entityId;
    }

    public String metadata() {
        String sso = switch (shape) {
            case FULL, SLO_POST_ONLY -> "<md:SingleSignOnService Binding=\"" + SAMLConstants.SAML2_REDIRECT_BINDING_URI
                    + "\" Location=\"https://" + host + "/sso\"/>";
            case SSO_ARTIFACT_ONLY -> "<md:SingleSignOnService Binding=\"" + SAMLConstants.SAML2_ARTIFACT_BINDING_URI
                    + "\" Location=\"https://" + host + "/sso-artifact\"/>";
        };
        String slo = switch (shape) {
            case FULL, SSO_ARTIFACT_ONLY -> "<md:SingleLogoutService Binding=\"" + SAMLConstants.SAML2_REDIRECT_BINDING_URI
                    + "\" Location=\"https://" + host + "/slo\"/>";
            case SLO_POST_ONLY -> "<md:SingleLogoutService Binding=\"" + SAMLConstants.SAML2_POST_BINDING_URI
                    + "\" Location=\"https://" + host + "/slo-post\"/>";
        };
        return "<md:EntityDescriptor xmlns:md=\"" + SAMLConstants.SAML20MD_NS + "\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
                + " entityID=\"" + entityId + "\"><md:IDPSSODescriptor protocolSupportEnumeration=\""
                + SAMLConstants.SAML20P_NS + "\"><md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>"
                + "<ds:X509Certificate>" + Pem.encode(key.certificate()) + "</ds:X509Certificate></ds:X509Data>"
                + "</ds:KeyInfo></md:KeyDescriptor>" + slo + sso + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    /** A response signed by this IdP for {@code subject} and {@code email}, answering {@code requestId}. */
    public String response(String spEntityId, String acsUrl, String requestId, String subject, String email,
            List<String> groups) {
        Instant now = Instant.now();
        TestResponse response = TestResponse.valid();
        response.responseIssuer = entityId;
        response.assertionIssuer = entityId;
        response.assertionSigner = key;
        response.issueInstant = now;
        response.authnInstant = now.minusSeconds(5);
        response.notBefore = now.minusSeconds(30);
        response.notOnOrAfter = now.plus(Duration.ofMinutes(5));
        response.confirmationNotOnOrAfter = now.plus(Duration.ofMinutes(5));
        response.audiences = List.of(spEntityId);
        response.destination = acsUrl;
        response.recipient = acsUrl;
        response.inResponseTo = requestId;
        response.confirmationInResponseTo = requestId;
        response.nameId = subject;
        response.sessionIndex = "_other-session-" + subject;
        response.attributes.clear();
        response.attributes.put("urn:oid:0.9.2342.19200300.100.1.3", List.of(email));
        if (!groups.isEmpty()) {
            response.attributes.put("memberOf", groups);
        }
        return response.base64();
    }

    /** A LogoutRequest of this IdP for {@code subject}, signed, base64 for the HTTP-POST binding. */
    public String logoutRequest(String destination, String subject) throws Exception {
        OpenSaml.ensureInitialized();
        LogoutRequest request = TestResponse.build(LogoutRequest.DEFAULT_ELEMENT_NAME);
        request.setID("_logout-" + System.nanoTime());
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(Instant.now());
        request.setDestination(destination);
        Issuer issuer = TestResponse.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(entityId);
        request.setIssuer(issuer);
        NameID nameId = TestResponse.build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue(subject);
        request.setNameID(nameId);
        SessionIndex index = TestResponse.build(SessionIndex.DEFAULT_ELEMENT_NAME);
        index.setValue("_other-session-" + subject);
        request.getSessionIndexes().add(index);
        Signature signature = SamlSigning.prepare(request, key);
        Element element = SamlMessages.marshall(request);
        Signer.signObject(signature);
        return TestResponse.encode(SerializeSupport.nodeToString(element));
    }
}
