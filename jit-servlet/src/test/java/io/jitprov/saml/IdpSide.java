package io.jitprov.saml;

import io.jitprov.saml.internal.OpenSaml;
import io.jitprov.saml.internal.Pem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * The identity provider's side of a SAML login, for the filter's tests: signed responses
 * addressed to any service provider, signed logout requests. Lives in the SAML package to reach
 * the test fixture's fields.
 */
public final class IdpSide {

    public static final String IDP = TestResponse.IDP;

    private IdpSide() {
    }

    /** The service provider's signing key, PKCS#8 PEM. */
    public static String spKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                TestKeys.SP.privateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    public static String spCertificatePem() {
        return "-----BEGIN CERTIFICATE-----\n" + Pem.encode(TestKeys.SP.certificate()) + "\n-----END CERTIFICATE-----\n";
    }

    public static String metadata() {
        return TestResponse.idpMetadata(IDP, TestKeys.IDP);
    }

    /** Metadata of IdP {@code entityId} whose only signing certificate has expired. */
    public static String metadataWithExpiredKey(String entityId) {
        return TestResponse.idpMetadata(entityId, TestKeys.EXPIRED);
    }

    /** Metadata of IdP {@code entityId} whose only signing certificate expires {@code validFor} from now. */
    public static String metadataExpiringIn(String entityId, java.time.Duration validFor) {
        return TestResponse.idpMetadata(entityId, TestKeys.expiringIn(validFor));
    }

    /** The metadata after a key rollover: only the IdP's next key. */
    public static String metadataAfterRollover() {
        return TestResponse.idpMetadata(IDP, TestKeys.IDP_NEXT);
    }

    /** A response as {@link #response}, signed with the IdP's next key (after a rollover). */
    public static String responseAfterRollover(String spEntityId, String acsUrl, String requestId, String subject,
            String email) {
        return response(spEntityId, acsUrl, requestId, subject, email, List.of(),
                "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", Instant.now().minusSeconds(5),
                TestKeys.IDP_NEXT);
    }

    /** A response signed by the IdP for {@code email}, answering {@code requestId} (null: unsolicited). */
    public static String response(String spEntityId, String acsUrl, String requestId, String subject, String email,
            List<String> groups) {
        return response(spEntityId, acsUrl, requestId, subject, email, groups,
                "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", Instant.now().minusSeconds(5));
    }

    /** The same, saying how and when the person authenticated. */
    public static String response(String spEntityId, String acsUrl, String requestId, String subject, String email,
            List<String> groups, String authnContextClass, Instant authnInstant) {
        return response(spEntityId, acsUrl, requestId, subject, email, groups, authnContextClass, authnInstant,
                TestKeys.IDP);
    }

    private static String response(String spEntityId, String acsUrl, String requestId, String subject, String email,
            List<String> groups, String authnContextClass, Instant authnInstant, SamlCredential signer) {
        Instant now = Instant.now();
        TestResponse response = TestResponse.valid();
        response.assertionSigner = signer;
        response.issueInstant = now;
        response.authnInstant = authnInstant;
        response.authnContextClass = authnContextClass;
        response.notBefore = now.minusSeconds(30);
        response.notOnOrAfter = now.plus(Duration.ofMinutes(5));
        response.confirmationNotOnOrAfter = now.plus(Duration.ofMinutes(5));
        response.audiences = List.of(spEntityId);
        response.destination = acsUrl;
        response.recipient = acsUrl;
        response.inResponseTo = requestId;
        response.confirmationInResponseTo = requestId;
        response.nameId = subject;
        response.attributes.clear();
        response.attributes.put("urn:oid:0.9.2342.19200300.100.1.3", List.of(email));
        if (!groups.isEmpty()) {
            response.attributes.put("memberOf", groups);
        }
        return response.base64();
    }

    /**
     * A LogoutRequest for {@code subject}'s session {@code sessionIndex}, base64 for the HTTP-POST
     * binding; signed by the IdP's key, or by another key when {@code forged}.
     */
    public static String logoutRequest(String destination, String subject, String sessionIndex, boolean forged)
            throws Exception {
        OpenSaml.ensureInitialized();
        LogoutRequest request = TestResponse.build(LogoutRequest.DEFAULT_ELEMENT_NAME);
        request.setID("_logout-" + System.nanoTime());
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(Instant.now());
        request.setDestination(destination);
        Issuer issuer = TestResponse.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(IDP);
        request.setIssuer(issuer);
        NameID nameId = TestResponse.build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue(subject);
        request.setNameID(nameId);
        SessionIndex index = TestResponse.build(SessionIndex.DEFAULT_ELEMENT_NAME);
        index.setValue(sessionIndex);
        request.getSessionIndexes().add(index);
        Signature signature = SamlSigning.prepare(request, forged ? TestKeys.ATTACKER : TestKeys.IDP);
        Element element = SamlMessages.marshall(request);
        Signer.signObject(signature);
        return TestResponse.encode(SerializeSupport.nodeToString(element));
    }

    /** The session index {@link #response} puts in its AuthnStatement. */
    public static String sessionIndex() {
        return TestResponse.valid().sessionIndex;
    }
}
