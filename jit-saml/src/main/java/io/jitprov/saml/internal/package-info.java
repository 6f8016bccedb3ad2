/**
 * The XML and signature mechanics under jit's SAML verifiers: hardened parsing, document shape,
 * signature and decryption checks, PEM, OpenSAML's start-up. <strong>Not API</strong>: public only
 * so that {@code io.jitprov.saml} can use it; it may change in any release.
 */
@NullMarked
package io.jitprov.saml.internal;

import org.jspecify.annotations.NullMarked;
