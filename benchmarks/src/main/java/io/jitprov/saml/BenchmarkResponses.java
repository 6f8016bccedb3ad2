package io.jitprov.saml;

import io.jitprov.saml.internal.Pem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The response the SAML benchmarks verify: what Entra ID or Okta send for a person in a handful
 * of groups (about 6 KB: six attributes, one multi-valued; the assertion signed with RSA-2048,
 * SHA-256, exclusive c14n; the IdP's certificate in KeyInfo, as IdPs include it). Lives in the
 * library's package to reach the test fixture's fields.
 */
public final class BenchmarkResponses {

    public static final String IDP = TestResponse.IDP;
    public static final String SP = TestResponse.SP;
    public static final String ACS = TestResponse.ACS;
    public static final String REQUEST_ID = TestResponse.REQUEST_ID;

    private BenchmarkResponses() {
    }

    /** A response issued at {@code issued}, valid for two hours so that wall-clock peers accept it too. */
    public static String signedResponse(Instant issued) {
        TestResponse response = TestResponse.valid();
        response.issueInstant = issued;
        response.authnInstant = issued.minusSeconds(30);
        response.notBefore = issued.minusSeconds(60);
        response.notOnOrAfter = issued.plus(Duration.ofHours(2));
        response.confirmationNotOnOrAfter = issued.plus(Duration.ofHours(2));
        response.keyInfo = true;
        response.nameId = "4f1c2a0e-9d3b-4c55-8a1e-7b2f6c9d0e11";
        response.attributes.clear();
        response.attributes.put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                List.of("alice.liddell@acme.test"));
        response.attributes.put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", List.of("Alice"));
        response.attributes.put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", List.of("Liddell"));
        response.attributes.put("http://schemas.microsoft.com/identity/claims/displayname", List.of("Alice Liddell"));
        response.attributes.put("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/employeeid", List.of("104729"));
        response.attributes.put("http://schemas.microsoft.com/ws/2008/06/identity/claims/groups", List.of(
                "acme-staff", "acme-eng-backend", "acme-eng-oncall", "acme-vpn-users", "acme-all-hands",
                "acme-admins", "acme-building-7", "acme-github-org"));
        return response.base64();
    }

    public static String idpMetadata() {
        return TestResponse.idpMetadata(IDP, TestKeys.IDP);
    }

    /** Metadata of the IdP {@code entityId} as IdPs publish it during a key rollover: two signing certificates, about 5 KB. */
    public static String idpMetadata(String entityId) {
        return TestResponse.idpMetadata(entityId, TestKeys.IDP, TestKeys.IDP_NEXT);
    }

    public static String idpCertificateBase64() {
        return Pem.encode(TestKeys.IDP.certificate());
    }

    public static java.security.PublicKey idpKey() {
        return TestKeys.IDP.certificate().getPublicKey();
    }
}
