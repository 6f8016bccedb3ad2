package io.jitprov.saml;

import io.jitprov.core.JitError;
import java.util.List;
import org.opensaml.saml.saml2.core.Assertion;

/**
 * One rule a verified assertion must meet. The defaults (issuer, conditions and audience, bearer
 * subject confirmation, authentication statement, age) always run; checks added to
 * {@link SamlVerifier.Builder#assertionCheck} run after them, on an assertion whose signature has
 * already been verified.
 *
 * <pre>{@code
 * AssertionCheck mfaOnly = (assertion, context) -> assertion.getAuthnStatements().stream()
 *         .anyMatch(s -> s.getAuthnContext() != null && s.getAuthnContext().getAuthnContextClassRef() != null
 *                 && MFA.equals(s.getAuthnContext().getAuthnContextClassRef().getURI()))
 *         ? List.of()
 *         : List.of(new JitError("mfa_required", "The assertion does not attest multi-factor authentication"));
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AssertionCheck {

    /** Every problem found; empty when the assertion passes. Must not throw for bad input. */
    List<JitError> check(Assertion assertion, SamlCheckContext context);
}
