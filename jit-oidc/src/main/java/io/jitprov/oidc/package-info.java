/**
 * OpenID Connect relying party: verifies ID tokens, workload access tokens (RFC 9068) and
 * back-channel logout tokens into a {@link io.jitprov.core.VerifiedIdentity} or
 * {@link io.jitprov.core.LogoutEvent}, or refuses them with a typed reason; runs the authorization
 * code flow with PKCE.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.oidc;

import org.jspecify.annotations.NullMarked;
