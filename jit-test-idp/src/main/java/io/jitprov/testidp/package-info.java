/**
 * An in-process SAML IdP and OpenID provider for tests: {@link io.jitprov.testidp.TestIdp},
 * the people it signs in ({@link io.jitprov.testidp.TestPerson}) and a JUnit 5 extension
 * ({@link io.jitprov.testidp.TestIdpExtension}). For test scope only.
 */
@NullMarked
package io.jitprov.testidp;

import org.jspecify.annotations.NullMarked;
