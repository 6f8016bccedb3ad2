/**
 * The provisioning engine: the {@link io.jitprov.core.VerifiedIdentity} that crosses from the
 * SAML and OIDC verifiers, the {@link io.jitprov.core.Provisioner} pipeline that turns it into a
 * local account, and the extension points (stores, tenant resolution, role mapping, audit) that
 * an application can replace.
 *
 * <p>Nothing in this package knows SAML or OIDC types.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core;

import org.jspecify.annotations.NullMarked;
