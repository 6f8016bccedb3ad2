package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.assertRefused;
import static io.jitprov.saml.SamlFixture.idp;
import static io.jitprov.saml.SamlFixture.request;
import static io.jitprov.saml.SamlFixture.verifier;
import static io.jitprov.saml.SamlFixture.verifierAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SamlVerifierTests {

    @Test
    void verifyWhenAssertionSignedThenIdentityFromTheAssertion() {
        VerifiedIdentity identity = verifier().verify(TestResponse.valid().base64(), request());

        assertThat(identity.issuer()).isEqualTo(TestResponse.IDP);
        assertThat(identity.subject()).isEqualTo("alice-0001");
        assertThat(identity.emailVerified()).isTrue();
        assertThat(identity.attributes().get("urn:oid:0.9.2342.19200300.100.1.3")).containsExactly("alice@acme.test");
        assertThat(identity.attributes().get("groups")).containsExactly("acme-staff", "acme-eng-backend");
        assertThat(identity.sessionIndex()).contains("_session-77");
        assertThat(identity.authnInstant()).contains(TestResponse.NOW.minus(Duration.ofMinutes(2)));
        assertThat(identity.authnContextClass())
                .contains("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport");
        assertThat(identity.notOnOrAfter()).contains(TestResponse.NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void verifyWhenEntraSendsTheGroupsLinkInsteadOfGroupsThenGroupsIncomplete() {
        TestResponse overage = TestResponse.valid().with(r -> {
            r.attributes.remove("memberOf");
            r.attributes.put("http://schemas.microsoft.com/claims/groups.link",
                    List.of("https://graph.windows.net/tenant/users/alice/getMemberObjects"));
        });

        VerifiedIdentity identity = verifier().verify(overage.base64(), request());

        assertThat(identity.groupsIncomplete()).isTrue();
        assertThat(identity.attributes()).doesNotContainKey("http://schemas.microsoft.com/claims/groups.link");
        assertThat(verifier().verify(TestResponse.valid().base64(), request()).groupsIncomplete()).isFalse();
    }

    @Test
    void verifyWhenOnlyResponseSignedThenAccepted() {
        TestResponse response = TestResponse.valid().with(r -> {
            r.assertionSigner = null;
            r.responseSigner = TestKeys.IDP;
        });

        assertThat(verifier().verify(response.base64(), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenBothSignedThenAccepted() {
        TestResponse response = TestResponse.valid().with(r -> r.responseSigner = TestKeys.IDP);

        assertThat(verifier().verify(response.base64(), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenSignedWithTheNextKeyListedInMetadataThenAccepted() {
        SamlVerifier verifier = verifier(idp(TestKeys.IDP, TestKeys.IDP_NEXT).build()).build();

        assertThat(verifier.verify(TestResponse.valid().with(r -> r.assertionSigner = TestKeys.IDP_NEXT).base64(),
                request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenEcdsaSignedThenAccepted() {
        SamlVerifier verifier = verifier(idp(TestKeys.IDP_EC).build()).build();
        TestResponse response = TestResponse.valid().with(r -> {
            r.assertionSigner = TestKeys.IDP_EC;
            r.signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256;
        });

        assertThat(verifier.verify(response.base64(), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenRsaPssSignedThenAccepted() {
        TestResponse response = TestResponse.valid().with(r ->
                r.signatureAlgorithm = org.apache.xml.security.signature.XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256_MGF1);

        assertThat(verifier().verify(response.base64(), request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenStatusNotSuccessThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.statusCode = StatusCode.REQUESTER)
                .base64(), request()), JitErrorCodes.STATUS_NOT_SUCCESS);
    }

    @Test
    void verifyWhenIdpAnswersWithAnErrorStatusAndNoAssertionThenStatusNotSuccessWithItsCodesAndMessage() {
        // What an IdP sends when the login failed there: no assertion, the reason in the Status.
        Document doc = Xml.parse(TestResponse.valid().with(r -> {
            r.statusCode = StatusCode.RESPONDER;
            r.statusSubCode = StatusCode.AUTHN_FAILED;
            r.statusMessage = "Account <b>locked</b>\nsee the help desk";
        }).xml());
        Element assertion = Xml.first(doc.getDocumentElement(), Xml.SAML, "Assertion");
        assertion.getParentNode().removeChild(assertion);

        assertThatThrownBy(() -> verifier().verify(Xml.base64(doc), request()))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.STATUS_NOT_SUCCESS);
                    assertThat(e.error().description()).contains(StatusCode.RESPONDER, StatusCode.AUTHN_FAILED,
                            "[Account <b>locked</b>\\u000asee the help desk]");
                });
    }

    @Test
    void verifyWhenStatusMessageIsHugeThenQuotedShort() {
        Document doc = Xml.parse(TestResponse.valid().with(r -> {
            r.statusCode = StatusCode.REQUESTER;
            r.statusMessage = "x".repeat(100_000);
        }).xml());

        assertThatThrownBy(() -> verifier().verify(Xml.base64(doc), request()))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.STATUS_NOT_SUCCESS);
                    assertThat(e.error().description()).hasSizeLessThan(1000);
                });
    }

    @Test
    void verifyWhenDestinationIsAnotherUrlThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid()
                .with(r -> r.destination = "https://evil.example/acs").base64(), request()),
                JitErrorCodes.DESTINATION_MISMATCH);
    }

    @Test
    void verifyWhenDestinationAbsentOnUnsignedResponseThenAccepted() {
        assertThat(verifier().verify(TestResponse.valid().with(r -> r.destination = null).base64(), request()))
                .isNotNull();
    }

    @Test
    void verifyWhenDestinationAbsentOnSignedResponseThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> {
            r.destination = null;
            r.responseSigner = TestKeys.IDP;
        }).base64(), request()), JitErrorCodes.DESTINATION_MISMATCH);
    }

    @Test
    void verifyWhenIssuerUnknownThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.responseIssuer = "https://other.idp")
                .base64(), null), JitErrorCodes.UNKNOWN_ISSUER);
    }

    @Test
    void verifyWhenResponseComesFromAnotherIdpThanTheRequestWentToThenRefused() {
        PendingAuthnRequest toOther = new PendingAuthnRequest(TestResponse.REQUEST_ID, "https://other.idp");

        assertRefused(() -> verifier().verify(TestResponse.valid().base64(), toOther), JitErrorCodes.ISSUER_MISMATCH);
    }

    @Test
    void verifyWhenAssertionIssuerDiffersFromResponseIssuerThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.assertionIssuer = "https://other.idp")
                .base64(), request()), JitErrorCodes.ISSUER_MISMATCH);
    }

    @Test
    void verifyWhenInResponseToNamesAnotherRequestThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().base64(),
                new PendingAuthnRequest("_another", TestResponse.IDP)), JitErrorCodes.IN_RESPONSE_TO_MISMATCH);
    }

    @Test
    void verifyWhenInResponseToPresentButNoRequestOutstandingThenRefused() {
        SamlVerifier verifier = verifier(idp().unsolicitedResponsesAllowed(true).build()).build();

        assertRefused(() -> verifier.verify(TestResponse.valid().base64(), null), JitErrorCodes.IN_RESPONSE_TO_MISMATCH);
    }

    @Test
    void verifyWhenUnsolicitedAndIdpInitiatedOffThenRefused() {
        TestResponse unsolicited = TestResponse.valid().with(r -> {
            r.inResponseTo = null;
            r.confirmationInResponseTo = null;
        });

        assertRefused(() -> verifier().verify(unsolicited.base64(), null), JitErrorCodes.UNSOLICITED_RESPONSE);
        SamlVerifier allowing = verifier(idp().unsolicitedResponsesAllowed(true).build()).build();
        assertThat(allowing.verify(unsolicited.base64(), null).subject()).isEqualTo("alice-0001");
    }

    @Test
    void verifyWhenSubjectConfirmationAnswersAnotherRequestThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.confirmationInResponseTo = "_other")
                .base64(), request()), JitErrorCodes.SUBJECT_CONFIRMATION_INVALID);
    }

    @Test
    void verifyWhenAudienceIsAnotherSpThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.audiences = List.of("https://other.sp"))
                .base64(), request()), JitErrorCodes.AUDIENCE_MISMATCH);
    }

    @Test
    void verifyWhenNoAudienceRestrictionThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.audiences = null).base64(), request()),
                JitErrorCodes.AUDIENCE_MISMATCH);
    }

    @Test
    void verifyWhenSeveralAudiencesIncludingUsThenAccepted() {
        assertThat(verifier().verify(TestResponse.valid()
                .with(r -> r.audiences = List.of("https://other.sp", TestResponse.SP)).base64(), request())).isNotNull();
    }

    @Test
    void verifyWhenRecipientIsAnotherUrlThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.recipient = "https://evil.example/acs")
                .base64(), request()), JitErrorCodes.SUBJECT_CONFIRMATION_INVALID);
    }

    @Test
    void verifyWhenConfirmationNotBearerThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid()
                        .with(r -> r.confirmationMethod = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key").base64(), request()),
                JitErrorCodes.SUBJECT_CONFIRMATION_INVALID);
    }

    @Test
    void verifyWhenConfirmationHasNoNotOnOrAfterThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.confirmationNotOnOrAfter = null)
                .base64(), request()), JitErrorCodes.SUBJECT_CONFIRMATION_INVALID);
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenRefusedAndWithinSkewAccepted() {
        TestResponse response = TestResponse.valid();
        String encoded = response.base64();
        // Conditions and confirmation end at NOW+5min; the skew is 60 s.
        assertThat(verifierAt(TestResponse.NOW.plus(Duration.ofSeconds(359)), idp().build()).build()
                .verify(encoded, request())).isNotNull();
        assertRefused(() -> verifierAt(TestResponse.NOW.plus(Duration.ofSeconds(361)), idp().build()).build()
                .verify(encoded, request()), JitErrorCodes.ASSERTION_EXPIRED);
    }

    @Test
    void verifyWhenNotYetValidBeyondSkewThenRefusedAndWithinSkewAccepted() {
        TestResponse response = TestResponse.valid().with(r -> r.notBefore = TestResponse.NOW.plus(Duration.ofSeconds(50)));
        assertThat(verifier().verify(response.base64(), request())).isNotNull();

        TestResponse future = TestResponse.valid().with(r -> r.notBefore = TestResponse.NOW.plus(Duration.ofSeconds(70)));
        assertRefused(() -> verifier().verify(future.base64(), request()), JitErrorCodes.ASSERTION_NOT_YET_VALID);
    }

    @Test
    void verifyWhenIssuedInTheFutureThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid()
                        .with(r -> r.issueInstant = TestResponse.NOW.plus(Duration.ofMinutes(3))).base64(), request()),
                JitErrorCodes.ASSERTION_NOT_YET_VALID);
    }

    @Test
    void verifyWhenIssuedLongAgoButStillWithinConditionsThenRefused() {
        TestResponse old = TestResponse.valid().with(r -> {
            r.issueInstant = TestResponse.NOW.minus(Duration.ofMinutes(30));
            r.notOnOrAfter = TestResponse.NOW.plus(Duration.ofHours(1));
            r.confirmationNotOnOrAfter = TestResponse.NOW.plus(Duration.ofHours(1));
        });

        assertRefused(() -> verifier().verify(old.base64(), request()), JitErrorCodes.ASSERTION_EXPIRED);
    }

    @Test
    void verifyWhenNoAuthnStatementThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.authnStatement = false).base64(),
                request()), JitErrorCodes.AUTHN_STATEMENT_MISSING);
    }

    @Test
    void verifyWhenAuthenticationOlderThanMaxAgeThenStale() {
        SamlVerifier strict = verifier(idp().build()).maxAuthenticationAge(Duration.ofMinutes(10)).build();

        assertThat(strict.verify(TestResponse.valid().base64(), request())).isNotNull();
        assertRefused(() -> strict.verify(TestResponse.valid()
                        .with(r -> r.authnInstant = TestResponse.NOW.minus(Duration.ofMinutes(30))).base64(), request()),
                JitErrorCodes.AUTHENTICATION_STALE);
    }

    @Test
    void verifyWhenNameIdTransientOrMissingThenSubjectInvalid() {
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.nameIdFormat = NameIDType.TRANSIENT)
                .base64(), request()), JitErrorCodes.SUBJECT_INVALID);
        assertRefused(() -> verifier().verify(TestResponse.valid().with(r -> r.nameId = null).base64(), request()),
                JitErrorCodes.SUBJECT_INVALID);
    }

    @Test
    void verifyWhenSeveralChecksFailThenEveryProblemIsReported() {
        TestResponse response = TestResponse.valid().with(r -> {
            r.audiences = List.of("https://other.sp");
            r.recipient = "https://evil.example/acs";
            r.destination = "https://evil.example/acs";
        });

        assertThatThrownBy(() -> verifier().verify(response.base64(), request()))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> assertThat(e.errors())
                        .extracting(JitError::code).containsExactlyInAnyOrder(JitErrorCodes.DESTINATION_MISMATCH,
                                JitErrorCodes.AUDIENCE_MISMATCH, JitErrorCodes.SUBJECT_CONFIRMATION_INVALID));
    }

    @Test
    void verifyWhenExtraCheckRefusesThenItsCodeIsReported() {
        SamlVerifier verifier = verifier(idp().build())
                .assertionCheck((assertion, context) -> List.of(new JitError("mfa_required", "No MFA")))
                .build();

        assertRefused(() -> verifier.verify(TestResponse.valid().base64(), request()), "mfa_required");
    }

    @Test
    void verifyWhenSameResponsePostedTwiceThenSecondIsReplayed() {
        SamlVerifier verifier = verifier();
        String encoded = TestResponse.valid().base64();

        assertThat(verifier.verify(encoded, request())).isNotNull();
        assertRefused(() -> verifier.verify(encoded, request()), JitErrorCodes.REPLAYED);
    }

    @Test
    void verifyWhenRefusedThenAssertionIdIsNotBurned() {
        SamlVerifier verifier = verifier();
        String encoded = TestResponse.valid().base64();

        assertRefused(() -> verifier.verify(encoded, new PendingAuthnRequest("_x", TestResponse.IDP)),
                JitErrorCodes.IN_RESPONSE_TO_MISMATCH);
        assertThat(verifier.verify(encoded, request())).isNotNull();
    }

    @Test
    void verifyWhenAssertionCarriesOneTimeUseThenItIsUsableOnce() throws Exception {
        org.w3c.dom.Document doc = Xml.parse(TestResponse.valid().with(r -> r.assertionSigner = null).xml());
        org.w3c.dom.Element conditions = Xml.first(doc.getDocumentElement(), Xml.SAML, "Conditions");
        conditions.appendChild(doc.createElementNS(Xml.SAML, "saml2:OneTimeUse"));
        org.w3c.dom.Element assertion = Xml.first(doc.getDocumentElement(), Xml.SAML, "Assertion");
        JdkSigner.sign(assertion, TestKeys.IDP, JdkSigner.rsaSha256());
        SamlVerifier verifier = verifier();
        String encoded = Xml.base64(doc);

        assertThat(verifier.verify(encoded, request()).subject()).isEqualTo("alice-0001");
        assertRefused(() -> verifier.verify(encoded, request()), JitErrorCodes.REPLAYED);
    }
}
