/**
 * {@code JitFilter}: the drop-in servlet filter that serves the SAML and OIDC endpoints and runs
 * the provisioner.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.servlet;

import org.jspecify.annotations.NullMarked;
