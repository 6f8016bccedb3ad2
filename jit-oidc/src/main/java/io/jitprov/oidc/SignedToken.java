package io.jitprov.oidc;

import com.nimbusds.jwt.SignedJWT;

/**
 * A JWT whose signature verified with a key of its provider: the one it was asked of, whose issuer its
 * {@code iss} equals, or else the configured one its {@code iss} names.
 *
 * @param jwt the token
 * @param claims its claims
 * @param provider the provider whose key verified it
 */
record SignedToken(SignedJWT jwt, Claims claims, OidcProvider provider) { }
