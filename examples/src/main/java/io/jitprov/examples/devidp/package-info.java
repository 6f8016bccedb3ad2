/**
 * A development identity provider (SAML and OpenID Connect) for the demo only: it signs whatever
 * person the visitor picks. It lives in the examples, never in the library, and
 * {@link io.jitprov.servlet.JitFilter} cannot be configured to use it by accident: it is a
 * separate servlet the demo mounts next to the application.
 */
@NullMarked
package io.jitprov.examples.devidp;

import org.jspecify.annotations.NullMarked;
