package io.jitprov.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Parses a compact JWS and verifies its signature (RFC 7515, OIDC Core 3.1.3.7 steps 6-8): an
 * allowed asymmetric algorithm, no unknown {@code crit} header, a {@code typ} that fits the kind
 * of token, and a key from the provider's key set, chosen by {@code kid}, {@code kty}, curve,
 * {@code use} and {@code alg}. Header keys ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c})
 * are never looked at.
 */
final class TokenSignatures {

    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_CACHED_VERIFIERS = 256;

    private final OidcProviders providers;
    private final int maxTokenBytes;
    /** Converting a JWK into a Java key is costly; keys repeat, so verifiers are kept. */
    private final Map<JWK, JWSVerifier> verifiers = new ConcurrentHashMap<>();

    TokenSignatures(OidcProviders providers, int maxTokenBytes) {
        this.providers = providers;
        this.maxTokenBytes = maxTokenBytes;
    }

    /**
     * @param acceptsType decides, from the header's {@code typ} (null when absent), whether this
     *     is the kind of token expected
     */
    SignedToken verify(String token, TypeRule acceptsType) {
        SignedJWT jwt = parse(token);
        JWSHeader header = jwt.getHeader();
        String type = header.getType() == null ? null : header.getType().getType();
        if (!acceptsType.accepts(type)) {
            throw new JitAuthenticationException(JitErrorCodes.TOKEN_TYPE_MISMATCH, "Token type "
                    + JitError.quote(type) + " is not " + acceptsType.expected());
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new JitAuthenticationException(JitErrorCodes.CRITICAL_HEADER_NOT_SUPPORTED, "Critical header parameters "
                    + header.getCriticalParams() + " are not understood");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The token's claims are not a JSON object");
        }
        String issuer = claims.getIssuer();
        if (issuer == null) {
            throw new JitAuthenticationException(JitErrorCodes.UNKNOWN_ISSUER, "The token has no iss claim");
        }
        OidcProvider provider = providers.find(issuer).orElseThrow(() -> new JitAuthenticationException(
                JitErrorCodes.UNKNOWN_ISSUER, "Issuer " + JitError.quote(issuer) + " is not a configured provider"));
        if (!provider.algorithms().contains(header.getAlgorithm())) {
            throw new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "Algorithm ["
                    + header.getAlgorithm() + "] is not allowed for [" + issuer + "]");
        }
        verifySignature(jwt, provider);
        return new SignedToken(jwt, claims, provider);
    }

    private SignedJWT parse(String token) {
        if (token.length() > maxTokenBytes) {
            throw new JitAuthenticationException(JitErrorCodes.MESSAGE_TOO_LARGE, "The token is longer than "
                    + maxTokenBytes + " characters");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.strip());
        } catch (ParseException | RuntimeException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The token is not a compact JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "An unsigned token (alg none) is refused");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "Encrypted tokens are not accepted");
        }
        return signed;
    }

    private void verifySignature(SignedJWT jwt, OidcProvider provider) {
        JWSHeader header = jwt.getHeader();
        List<JWK> candidates = candidates(provider.jwks().current(), header);
        if (candidates.isEmpty() && header.getKeyID() != null) {
            Optional<JWKSet> refreshed = provider.jwks().refreshForUnknownKey();
            if (refreshed.isPresent()) {
                candidates = candidates(refreshed.get(), header);
            }
        }
        if (candidates.isEmpty()) {
            throw new JitAuthenticationException(JitErrorCodes.INVALID_SIGNATURE, "No signing key of ["
                    + provider.issuer() + "] fits kid " + JitError.quote(header.getKeyID()) + " and alg ["
                    + header.getAlgorithm() + "]");
        }
        boolean strongKeySeen = false;
        for (JWK key : candidates) {
            if (key instanceof RSAKey rsa && rsa.size() < MIN_RSA_BITS) {
                continue;
            }
            strongKeySeen = true;
            JWSVerifier verifier = verifier(key);
            try {
                if (verifier != null && jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key that cannot verify this signature is simply not its key
            }
        }
        if (!strongKeySeen) {
            throw new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "The provider's key for kid "
                    + JitError.quote(header.getKeyID()) + " is an RSA key under " + MIN_RSA_BITS + " bits");
        }
        throw new JitAuthenticationException(JitErrorCodes.INVALID_SIGNATURE, "The token's signature does not verify"
                + " with the signing keys of [" + provider.issuer() + "]");
    }

    private static List<JWK> candidates(JWKSet set, JWSHeader header) {
        JWSAlgorithm alg = header.getAlgorithm();
        String kid = header.getKeyID();
        List<JWK> matches = new ArrayList<>(2);
        for (JWK key : set.getKeys()) {
            boolean idFits = kid == null || kid.equals(key.getKeyID());
            boolean useFits = key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse());
            boolean opsFit = key.getKeyOperations() == null || key.getKeyOperations().contains(KeyOperation.VERIFY);
            boolean algFits = key.getAlgorithm() == null || key.getAlgorithm().equals(alg);
            if (idFits && useFits && opsFit && algFits && typeFits(key, alg)) {
                matches.add(key);
            }
        }
        return matches;
    }

    private static boolean typeFits(JWK key, JWSAlgorithm alg) {
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return key instanceof RSAKey;
        }
        if (key instanceof ECKey ec) {
            return (alg.equals(JWSAlgorithm.ES256) && Curve.P_256.equals(ec.getCurve()))
                    || (alg.equals(JWSAlgorithm.ES384) && Curve.P_384.equals(ec.getCurve()))
                    || (alg.equals(JWSAlgorithm.ES512) && Curve.P_521.equals(ec.getCurve()));
        }
        return key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())
                && (alg.equals(JWSAlgorithm.EdDSA) || alg.equals(JWSAlgorithm.Ed25519));
    }

    private @Nullable JWSVerifier verifier(JWK key) {
        JWSVerifier cached = verifiers.get(key);
        if (cached != null) {
            return cached;
        }
        JWSVerifier created;
        try {
            if (key instanceof RSAKey rsa) {
                created = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec) {
                created = new ECDSAVerifier(ec);
            } else if (key instanceof OctetKeyPair okp) {
                created = new JdkEd25519Verifier(okp);
            } else {
                return null;
            }
        } catch (JOSEException e) {
            return null;
        }
        if (verifiers.size() >= MAX_CACHED_VERIFIERS) {
            verifiers.clear();
        }
        verifiers.put(key, created);
        return created;
    }

    /** Which {@code typ} header values a kind of token accepts. */
    interface TypeRule {
        boolean accepts(@Nullable String type);

        String expected();
    }
}
