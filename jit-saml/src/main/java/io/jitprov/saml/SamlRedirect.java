package io.jitprov.saml;

import java.util.Objects;

/**
 * An AuthnRequest ready to send with the HTTP-Redirect binding: send the browser to {@link #url()},
 * and keep {@link #request()} in the session until the response arrives.
 *
 * @param request the request to expect an answer to
 * @param url the IdP's SSO URL with SAMLRequest, RelayState and (when signed) SigAlg and Signature
 * @since 0.1
 */
public record SamlRedirect(PendingAuthnRequest request, String url) {

    /** Refuses missing components. */
    public SamlRedirect {
        Objects.requireNonNull(request, "request cannot be null");
        Objects.requireNonNull(url, "url cannot be null");
    }
}
