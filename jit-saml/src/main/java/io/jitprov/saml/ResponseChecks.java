package io.jitprov.saml;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.util.ArrayList;
import java.util.List;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;

/**
 * The Response envelope (SAML core 3.2.2, bindings 3.5.5.2, Web Browser SSO 4.1.4.3): version,
 * status, Destination and InResponseTo. The issuer was already matched when the IdP was chosen.
 */
final class ResponseChecks {

    private ResponseChecks() {
    }

    static List<JitError> check(Response response, SamlCheckContext context) {
        List<JitError> errors = new ArrayList<>();
        if (response.getVersion() != SAMLVersion.VERSION_20) {
            errors.add(new JitError(JitErrorCodes.MALFORMED_MESSAGE, "Response version ["
                    + response.getVersion() + "] is not 2.0"));
        }
        checkStatus(response.getStatus(), errors);
        String acs = context.serviceProvider().acsUrl();
        String destination = response.getDestination();
        if (destination == null ? response.isSigned() : !acs.equals(destination)) {
            errors.add(new JitError(JitErrorCodes.DESTINATION_MISMATCH, "Response Destination "
                    + JitError.quote(destination) + " is not [" + acs + "]"));
        }
        String inResponseTo = response.getInResponseTo();
        if (context.request() == null) {
            if (inResponseTo != null) {
                errors.add(new JitError(JitErrorCodes.IN_RESPONSE_TO_MISMATCH, "Response answers request "
                        + JitError.quote(inResponseTo) + ", but no request of ours is outstanding"));
            } else if (!context.identityProvider().unsolicitedResponsesAllowed()) {
                errors.add(new JitError(JitErrorCodes.UNSOLICITED_RESPONSE, "Response answers no request, and IdP-initiated"
                        + " SSO is not allowed for [" + context.identityProvider().entityId() + "]"));
            }
        } else if (!context.request().id().equals(inResponseTo)) {
            errors.add(new JitError(JitErrorCodes.IN_RESPONSE_TO_MISMATCH, "Response answers request "
                    + JitError.quote(inResponseTo) + ", not [" + context.request().id() + "]"));
        }
        return errors;
    }

    private static void checkStatus(Status status, List<JitError> errors) {
        StatusCode code = status == null ? null : status.getStatusCode();
        if (code == null || !StatusCode.SUCCESS.equals(code.getValue())) {
            String value = code == null ? null : code.getValue();
            String second = code != null && code.getStatusCode() != null ? code.getStatusCode().getValue() : null;
            String message = status != null && status.getStatusMessage() != null
                    ? status.getStatusMessage().getValue() : null;
            errors.add(new JitError(JitErrorCodes.STATUS_NOT_SUCCESS, "Response status is " + JitError.quote(value)
                    + (second == null ? "" : " / " + JitError.quote(second))
                    + (message == null ? "" : ": " + JitError.quote(message))));
        }
    }
}
