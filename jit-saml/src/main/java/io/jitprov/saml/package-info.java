/**
 * SAML 2.0 Web Browser SSO for a service provider: verifies a POSTed SAMLResponse into a
 * {@link io.jitprov.core.VerifiedIdentity}, or refuses it with a typed reason.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.saml;

import org.jspecify.annotations.NullMarked;
