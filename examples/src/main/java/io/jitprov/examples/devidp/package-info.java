/**
 * The demo's development identity providers (SAML and OpenID Connect): jit-test-idp's
 * {@link io.jitprov.testidp.TestIdp}, with the demo's people. They sign in whoever the visitor
 * picks, so only the demo starts them, on ports of their own next to the application's.
 */
@NullMarked
package io.jitprov.examples.devidp;

import org.jspecify.annotations.NullMarked;
