/**
 * The model every other package shares: the {@link io.jitprov.core.VerifiedIdentity} that crosses
 * from the SAML and OIDC verifiers, the {@link io.jitprov.core.Account} it becomes, refusals
 * ({@link io.jitprov.core.JitError}, {@link io.jitprov.core.JitErrorCodes}), and the store SPIs
 * ({@link io.jitprov.core.UserStore}, {@link io.jitprov.core.ReplayCache}). The login pipeline is
 * {@link io.jitprov.core.provisioning.Provisioner}, the audit trail
 * {@link io.jitprov.core.audit}; docs/architecture.md maps the other packages.
 *
 * <p>Nothing in this package knows SAML or OIDC types, or the packages beside it.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core;

import org.jspecify.annotations.NullMarked;
