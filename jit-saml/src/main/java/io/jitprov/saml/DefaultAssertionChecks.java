package io.jitprov.saml;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/**
 * The checks every assertion gets (SAML core 2.3-2.7, Web Browser SSO profile 4.1.4.2-3), each
 * a small {@link AssertionCheck}.
 */
final class DefaultAssertionChecks {

    private DefaultAssertionChecks() {
    }

    static List<AssertionCheck> all(Duration maxAssertionAge, @Nullable Duration maxAuthenticationAge) {
        return List.of(new IssuerCheck(), new TimeCheck(maxAssertionAge), new ConditionsCheck(),
                new BearerConfirmationCheck(), new AuthnStatementCheck(maxAuthenticationAge));
    }

    /** The assertion's Issuer is the IdP whose key signed it. */
    static final class IssuerCheck implements AssertionCheck {
        @Override
        public List<JitError> check(Assertion assertion, SamlCheckContext context) {
            Issuer issuer = assertion.getIssuer();
            String expected = context.identityProvider().entityId();
            if (issuer == null || !expected.equals(issuer.getValue())) {
                return List.of(new JitError(JitErrorCodes.ISSUER_MISMATCH, "Assertion issuer ["
                        + (issuer == null ? null : issuer.getValue()) + "] is not [" + expected + "]"));
            }
            if (issuer.getFormat() != null && !NameIDType.ENTITY.equals(issuer.getFormat())) {
                return List.of(new JitError(JitErrorCodes.ISSUER_MISMATCH, "Assertion issuer format ["
                        + issuer.getFormat() + "] is not the entity format"));
            }
            return List.of();
        }
    }

    /** Issued recently, and not in the future. */
    static final class TimeCheck implements AssertionCheck {
        private final Duration maxAge;

        TimeCheck(Duration maxAge) {
            this.maxAge = maxAge;
        }

        @Override
        public List<JitError> check(Assertion assertion, SamlCheckContext context) {
            Instant issued = assertion.getIssueInstant();
            if (issued == null) {
                return List.of(new JitError(JitErrorCodes.ASSERTION_EXPIRED, "Assertion has no IssueInstant"));
            }
            if (!context.reached(issued)) {
                return List.of(new JitError(JitErrorCodes.ASSERTION_NOT_YET_VALID, "Assertion was issued at ["
                        + issued + "], in the future of [" + context.now() + "]"));
            }
            if (context.passed(issued.plus(maxAge))) {
                return List.of(new JitError(JitErrorCodes.ASSERTION_EXPIRED, "Assertion was issued at ["
                        + issued + "], more than [" + maxAge + "] before [" + context.now() + "]"));
            }
            return List.of();
        }
    }

    /** Conditions: NotBefore, NotOnOrAfter and an AudienceRestriction naming us (core 2.5.1). */
    static final class ConditionsCheck implements AssertionCheck {
        @Override
        public List<JitError> check(Assertion assertion, SamlCheckContext context) {
            Conditions conditions = assertion.getConditions();
            List<JitError> errors = new ArrayList<>();
            if (conditions == null) {
                errors.add(new JitError(JitErrorCodes.AUDIENCE_MISMATCH, "Assertion has no Conditions, so no audience"));
                return errors;
            }
            if (conditions.getNotBefore() != null && !context.reached(conditions.getNotBefore())) {
                errors.add(new JitError(JitErrorCodes.ASSERTION_NOT_YET_VALID, "Assertion is valid from ["
                        + conditions.getNotBefore() + "], now is [" + context.now() + "]"));
            }
            if (conditions.getNotOnOrAfter() != null && context.passed(conditions.getNotOnOrAfter())) {
                errors.add(new JitError(JitErrorCodes.ASSERTION_EXPIRED, "Assertion was valid until ["
                        + conditions.getNotOnOrAfter() + "], now is [" + context.now() + "]"));
            }
            String us = context.serviceProvider().entityId();
            List<AudienceRestriction> restrictions = conditions.getAudienceRestrictions();
            if (restrictions.isEmpty()) {
                errors.add(new JitError(JitErrorCodes.AUDIENCE_MISMATCH, "Assertion has no AudienceRestriction"));
            }
            for (AudienceRestriction restriction : restrictions) {
                // Each restriction must be met on its own (core 2.5.1.4).
                if (restriction.getAudiences().stream().map(Audience::getURI).noneMatch(us::equals)) {
                    errors.add(new JitError(JitErrorCodes.AUDIENCE_MISMATCH, "Assertion audiences "
                            + restriction.getAudiences().stream().map(Audience::getURI).toList()
                            + " do not include [" + us + "]"));
                }
            }
            return errors;
        }
    }

    /** At least one bearer SubjectConfirmation addressed to our ACS, unexpired, answering our request. */
    static final class BearerConfirmationCheck implements AssertionCheck {
        @Override
        public List<JitError> check(Assertion assertion, SamlCheckContext context) {
            if (assertion.getSubject() == null) {
                return List.of(new JitError(JitErrorCodes.SUBJECT_CONFIRMATION_INVALID, "Assertion has no Subject"));
            }
            List<String> reasons = new ArrayList<>();
            for (SubjectConfirmation confirmation : assertion.getSubject().getSubjectConfirmations()) {
                String reason = judge(confirmation, context);
                if (reason == null) {
                    return List.of();
                }
                reasons.add(reason);
            }
            if (reasons.isEmpty()) {
                reasons.add("there is none");
            }
            return List.of(new JitError(JitErrorCodes.SUBJECT_CONFIRMATION_INVALID,
                    "No bearer SubjectConfirmation is acceptable: " + String.join("; ", reasons)));
        }

        /** Why this confirmation is not acceptable, or null when it is. */
        private static @Nullable String judge(SubjectConfirmation confirmation, SamlCheckContext context) {
            if (!SubjectConfirmation.METHOD_BEARER.equals(confirmation.getMethod())) {
                return "method [" + confirmation.getMethod() + "] is not bearer";
            }
            SubjectConfirmationData data = confirmation.getSubjectConfirmationData();
            if (data == null) {
                return "no SubjectConfirmationData";
            }
            String acs = context.serviceProvider().acsUrl();
            if (!acs.equals(data.getRecipient())) {
                return "Recipient [" + data.getRecipient() + "] is not [" + acs + "]";
            }
            if (data.getNotOnOrAfter() == null) {
                return "no NotOnOrAfter";
            }
            if (context.passed(data.getNotOnOrAfter())) {
                return "expired at [" + data.getNotOnOrAfter() + "], now is [" + context.now() + "]";
            }
            if (data.getNotBefore() != null && !context.reached(data.getNotBefore())) {
                return "not valid before [" + data.getNotBefore() + "]";
            }
            String expected = context.pendingRequest().map(PendingAuthnRequest::id).orElse(null);
            String actual = data.getInResponseTo();
            if (expected == null ? actual != null : !expected.equals(actual)) {
                return "InResponseTo [" + actual + "] is not [" + expected + "]";
            }
            return null;
        }
    }

    /** An AuthnStatement, recent enough when a maximum age is set, and its session not over. */
    static final class AuthnStatementCheck implements AssertionCheck {
        private final @Nullable Duration maxAuthenticationAge;

        AuthnStatementCheck(@Nullable Duration maxAuthenticationAge) {
            this.maxAuthenticationAge = maxAuthenticationAge;
        }

        @Override
        public List<JitError> check(Assertion assertion, SamlCheckContext context) {
            if (assertion.getAuthnStatements().isEmpty()) {
                return List.of(new JitError(JitErrorCodes.AUTHN_STATEMENT_MISSING, "Assertion has no AuthnStatement"));
            }
            AuthnStatement statement = assertion.getAuthnStatements().get(0);
            List<JitError> errors = new ArrayList<>();
            Instant authnInstant = statement.getAuthnInstant();
            if (authnInstant == null) {
                errors.add(new JitError(JitErrorCodes.AUTHN_STATEMENT_MISSING, "AuthnStatement has no AuthnInstant"));
            } else if (!context.reached(authnInstant)) {
                errors.add(new JitError(JitErrorCodes.ASSERTION_NOT_YET_VALID, "Authentication at [" + authnInstant
                        + "] lies in the future of [" + context.now() + "]"));
            } else if (maxAuthenticationAge != null && context.passed(authnInstant.plus(maxAuthenticationAge))) {
                errors.add(new JitError(JitErrorCodes.AUTHENTICATION_STALE, "Authentication at [" + authnInstant
                        + "] is older than the allowed [" + maxAuthenticationAge + "]"));
            }
            if (statement.getSessionNotOnOrAfter() != null && context.passed(statement.getSessionNotOnOrAfter())) {
                errors.add(new JitError(JitErrorCodes.ASSERTION_EXPIRED, "The IdP session ended at ["
                        + statement.getSessionNotOnOrAfter() + "]"));
            }
            return errors;
        }
    }
}
