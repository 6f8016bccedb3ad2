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
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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
    /** Converting a JWK into a Java key (or even sizing it) is costly; keys repeat, so the outcome is kept. */
    private final Map<JWK, KeyVerifier> verifiers = new ConcurrentHashMap<>();

    /** A key's verifier, or null when jit will not verify with that key; and whether it is too weak. */
    private record KeyVerifier(@Nullable JWSVerifier verifier, boolean weak) { }

    TokenSignatures(OidcProviders providers, int maxTokenBytes) {
        this.providers = providers;
        this.maxTokenBytes = maxTokenBytes;
    }

    /**
     * @param acceptsType decides, from the header's {@code typ} (null when absent), whether this
     *     is the kind of token expected
     * @param expected the provider the token must come from, or null for whichever its {@code iss} names
     */
    SignedToken verify(String token, TypeRule acceptsType, @Nullable OidcProvider expected) {
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
        Claims claims = claims(jwt);
        OidcProvider provider = provider(claims.issuer(), expected);
        String issuer = provider.issuer();
        if (!provider.algorithms().contains(header.getAlgorithm())) {
            throw new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "Algorithm ["
                    + header.getAlgorithm() + "] is not allowed for [" + issuer + "]");
        }
        verifySignature(jwt, provider);
        return new SignedToken(jwt, claims, provider);
    }

    /**
     * The provider whose keys may verify the token. With one expected, a token naming another
     * issuer is refused before any key is looked at (OIDC Core 3.1.3.7 step 2): a token of
     * another configured provider is exactly what an IdP mix-up delivers.
     */
    private OidcProvider provider(@Nullable String issuer, @Nullable OidcProvider expected) {
        if (expected != null) {
            if (!expected.issuer().equals(issuer)) {
                throw new JitAuthenticationException(JitErrorCodes.ISSUER_MISMATCH, "The token was issued by "
                        + JitError.quote(issuer) + ", not by [" + expected.issuer() + "], the provider it was asked of");
            }
            return expected;
        }
        if (issuer == null) {
            throw new JitAuthenticationException(JitErrorCodes.UNKNOWN_ISSUER, "The token has no iss claim");
        }
        return providers.find(issuer).orElseThrow(() -> new JitAuthenticationException(JitErrorCodes.UNKNOWN_ISSUER,
                "Issuer " + JitError.quote(issuer) + " is not a configured provider"));
    }

    private SignedJWT parse(String token) {
        if (token.length() > maxTokenBytes) {
            throw new JitAuthenticationException(JitErrorCodes.MESSAGE_TOO_LARGE, "The token is longer than "
                    + maxTokenBytes + " characters");
        }
        String compact = token.strip();
        SignedJWT jwt;
        try {
            // Straight to a JWS: the generic JWTParser would parse the header twice.
            jwt = SignedJWT.parse(compact);
        } catch (ParseException | RuntimeException e) {
            throw notAJws(compact);
        }
        for (Base64URL part : jwt.getParsedParts()) {
            if (!canonical(part.toString())) {
                throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                        "The token is not in canonical base64url (RFC 7515 2): it is another spelling of some token");
            }
        }
        return jwt;
    }

    /**
     * Base64url without padding whose last character leaves its unused low bits at zero (RFC 4648
     * 3.5). Decoders ignore those bits, so without this one signed token has up to 16 texts, and
     * anything keyed on the text (a replay cache, a log search) is fooled.
     */
    static boolean canonical(String segment) {
        int length = segment.length();
        int last = 0;
        for (int i = 0; i < length; i++) {
            last = sextet(segment.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        return switch (length % 4) {
            case 0 -> true;
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> false;
        };
    }

    private static int sextet(char c) {
        return c < SEXTETS.length ? SEXTETS[c] : -1;
    }

    /** The base64url alphabet (RFC 4648 5): each character's value, -1 for anything else. */
    private static final byte[] SEXTETS = new byte[128];

    static {
        Arrays.fill(SEXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
        }
    }

    /**
     * The claims, decoded with the JDK's base64 decoder (several times faster than the JOSE
     * library's) and parsed from the bytes by Jackson's streaming parser.
     */
    private static Claims claims(SignedJWT jwt) {
        try {
            return Claims.parse(Base64.getUrlDecoder().decode(jwt.getParsedParts()[1].toString()));
        } catch (ParseException | IllegalArgumentException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The token's claims are not a JSON object");
        }
    }

    /** Why a token is no JWS: unsigned ({@code alg: none}) and encrypted tokens get their own answer. */
    private static JitAuthenticationException notAJws(String compact) {
        int dot = compact.indexOf('.');
        try {
            Map<String, Object> header = JSONObjectUtils.parse(new String(
                    Base64.getUrlDecoder().decode(dot < 0 ? compact : compact.substring(0, dot)), StandardCharsets.UTF_8));
            Object alg = header.get("alg");
            if ("none".equalsIgnoreCase(String.valueOf(alg))) {
                return new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED,
                        "An unsigned token (alg none) is refused");
            }
            if (header.containsKey("enc")) {
                return new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "Encrypted tokens are not accepted");
            }
        } catch (ParseException | RuntimeException e) {
            // not even a readable header: malformed, as below
        }
        return new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The token is not a compact signed JWT");
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
            KeyVerifier entry = verifier(key);
            if (entry.weak()) {
                continue;
            }
            strongKeySeen = true;
            try {
                if (entry.verifier() != null && jwt.verify(entry.verifier())) {
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

    private KeyVerifier verifier(JWK key) {
        KeyVerifier cached = verifiers.get(key);
        if (cached != null) {
            return cached;
        }
        KeyVerifier created = create(key);
        if (verifiers.size() >= MAX_CACHED_VERIFIERS) {
            verifiers.clear();
        }
        verifiers.put(key, created);
        return created;
    }

    private static KeyVerifier create(JWK key) {
        try {
            if (key instanceof RSAKey rsa) {
                return rsa.size() < MIN_RSA_BITS ? new KeyVerifier(null, true) : new KeyVerifier(new RSASSAVerifier(rsa), false);
            }
            if (key instanceof ECKey ec) {
                return new KeyVerifier(new ECDSAVerifier(ec), false);
            }
            if (key instanceof OctetKeyPair okp) {
                return new KeyVerifier(new JdkEd25519Verifier(okp), false);
            }
        } catch (JOSEException e) {
            // an unusable key verifies nothing
        }
        return new KeyVerifier(null, false);
    }

    /** Which {@code typ} header values a kind of token accepts. */
    interface TypeRule {
        boolean accepts(@Nullable String type);

        String expected();
    }
}
