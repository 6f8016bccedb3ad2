package io.jitprov.saml;

import java.io.Serializable;
import java.util.Objects;

/**
 * An AuthnRequest this service provider sent and has not seen answered: the response must carry
 * its ID in InResponseTo and come from the IdP it went to. Keep it in the person's session and use
 * it once. Serializable, for sessions kept outside the JVM.
 *
 * @param id the AuthnRequest's ID
 * @param idpEntityId the entityID of the IdP it was sent to
 * @since 0.1
 */
public record PendingAuthnRequest(String id, String idpEntityId) implements Serializable {

    /** Refuses a missing request ID or IdP. */
    public PendingAuthnRequest {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(idpEntityId, "idpEntityId cannot be null");
    }
}
