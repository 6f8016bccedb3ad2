package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.assertRefused;
import static io.jitprov.saml.SamlFixture.request;
import static io.jitprov.saml.SamlFixture.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.StatusCode;

/** What a verified assertion becomes (SAML 2.0 Core §2.2, §2.7.3), and the subjects it cannot key an account with. */
class SamlIdentityReadingTests {

    private static VerifiedIdentity read(TestResponse response) {
        return verifier().verify(response.base64(), request());
    }

    @Test
    void attributesAreReadUnderTheirNameAndFriendlyNameAndNilValuesAreDropped() {
        VerifiedIdentity identity = read(TestResponse.valid().with(r -> {
            r.attributes.put("urn:oid:2.5.4.42", List.of("Alice"));
            r.friendlyNames.put("urn:oid:2.5.4.42", "givenName");
            r.attributes.put("urn:oid:1.3.6.1.4.1.5923.1.5.1.1", List.of("acme-admins"));
            r.friendlyNames.put("urn:oid:1.3.6.1.4.1.5923.1.5.1.1", "memberOf");
            r.attributes.put("department", List.of("R&D"));
            r.nilValues.add("department");
            r.attributes.put("manager", List.of());
            r.nilValues.add("manager");
        }));

        assertThat(identity.attributes().get("urn:oid:2.5.4.42")).containsExactly("Alice");
        assertThat(identity.attributes().get("givenName")).containsExactly("Alice");
        assertThat(identity.attributes().get("groups")).contains("acme-admins", "acme-staff");
        assertThat(identity.attributes().get("department")).containsExactly("R&D");
        assertThat(identity.attributes()).doesNotContainKey("manager");
    }

    @Test
    void anAssertionWithoutAnAuthnStatementIsNoLogin() {
        // Web Browser SSO Profile §4.1.4.2: the bearer assertion must contain an AuthnStatement.
        assertRefused(() -> read(TestResponse.valid().with(r -> r.authnStatement = false)),
                JitErrorCodes.AUTHN_STATEMENT_MISSING);
    }

    @Test
    void subjectsThatCannotKeyAnAccountAreRefused() {
        assertRefused(() -> read(TestResponse.valid().with(r -> r.nameIdFormat = NameIDType.TRANSIENT)),
                JitErrorCodes.SUBJECT_INVALID);
        assertRefused(() -> read(TestResponse.valid().subject("   ")), JitErrorCodes.SUBJECT_INVALID);
        assertRefused(() -> read(TestResponse.valid().with(r -> r.nameId = null)), JitErrorCodes.SUBJECT_INVALID);
    }

    @Test
    void aFailedStatusIsReportedWithItsSecondLevelCodeAndMessage() {
        TestResponse failed = TestResponse.valid().with(r -> {
            r.statusCode = StatusCode.RESPONDER;
            r.statusSubCode = StatusCode.AUTHN_FAILED;
            r.statusMessage = "Password expired";
        });

        assertThatThrownBy(() -> read(failed)).isInstanceOfSatisfying(JitAuthenticationException.class, e ->
                assertThat(e.errors()).anySatisfy(error -> {
                    assertThat(error.code()).isEqualTo(JitErrorCodes.STATUS_NOT_SUCCESS);
                    assertThat(error.description()).contains(StatusCode.RESPONDER).contains(StatusCode.AUTHN_FAILED)
                            .contains("Password expired");
                }));
    }
}
