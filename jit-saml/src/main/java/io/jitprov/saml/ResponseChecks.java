package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.Refusal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

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
            errors.add(statusNotSuccess(value, second, message));
        }
    }

    /**
     * Refuses, before anything else is read, a response whose StatusCode says the IdP did not log
     * the person in (SAML core 3.2.2.2). Such a response usually holds no assertion, and what the
     * administrator must read is the IdP's reason, not that the assertion is missing.
     *
     * @throws JitAuthenticationException {@link JitErrorCodes#STATUS_NOT_SUCCESS} with the top-level
     *     and second-level codes and the StatusMessage, quoted
     */
    static void refuseErrorStatus(Element response) {
        Element status = child(response, "Status");
        Element code = status == null ? null : child(status, "StatusCode");
        if (code == null || !code.hasAttributeNS(null, "Value")
                || StatusCode.SUCCESS.equals(code.getAttributeNS(null, "Value"))) {
            return; // a missing Status is reported with the other problems
        }
        Element second = child(code, "StatusCode");
        Element message = child(status, "StatusMessage");
        throw new JitAuthenticationException(new Refusal(List.of(statusNotSuccess(code.getAttributeNS(null, "Value"),
                second == null ? null : second.getAttributeNS(null, "Value"),
                message == null ? null : message.getTextContent()))));
    }

    /** The IdP's status codes and message are its own text: quoted, so bounded and free of control characters. */
    private static JitError statusNotSuccess(@Nullable String code, @Nullable String second, @Nullable String message) {
        return new JitError(JitErrorCodes.STATUS_NOT_SUCCESS, "Response status is " + JitError.quote(code)
                + (second == null ? "" : " / " + JitError.quote(second))
                + (message == null ? "" : ": " + JitError.quote(message)));
    }

    private static @Nullable Element child(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && SAMLConstants.SAML20P_NS.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }
}
