/**
 * OpenID Connect relying party: verifies ID tokens into a {@link io.jitprov.core.VerifiedIdentity},
 * or refuses them with a typed reason.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.oidc;

import org.jspecify.annotations.NullMarked;
