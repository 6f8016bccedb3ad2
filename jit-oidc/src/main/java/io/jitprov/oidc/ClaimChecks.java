package io.jitprov.oidc;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The claim checks of OIDC Core 3.1.3.7 and RFC 9068 section 4, each adding what it finds. */
final class ClaimChecks {

    private final Instant now;
    private final Duration skew;
    /** The latest instant still taken as "not in the future". */
    private final Instant nowPlusSkew;
    private final List<JitError> errors;

    ClaimChecks(Instant now, Duration skew, List<JitError> errors) {
        this.now = now;
        this.skew = skew;
        this.nowPlusSkew = now.plus(skew);
        this.errors = errors;
    }

    void issuer(Claims claims, String expected) {
        if (!expected.equals(claims.issuer())) {
            errors.add(new JitError(JitErrorCodes.ISSUER_MISMATCH, "Issuer " + JitError.quote(claims.issuer())
                    + " is not [" + expected + "]"));
        }
    }

    /** {@code aud} contains {@code audience}; with several audiences, {@code azp} must be the client. */
    void audience(Claims claims, String audience, boolean checkAzp) {
        List<String> audiences = claims.audience();
        if (audiences == null || !audiences.contains(audience)) {
            errors.add(new JitError(JitErrorCodes.AUDIENCE_MISMATCH, "Audiences " + audiences
                    + " do not include [" + audience + "]"));
            return;
        }
        if (!checkAzp) {
            return;
        }
        String azp = claims.string("azp");
        if ((audiences.size() > 1 && azp == null) || (azp != null && !azp.equals(audience))) {
            errors.add(new JitError(JitErrorCodes.AZP_MISMATCH, "Authorized party " + JitError.quote(azp)
                    + " is not [" + audience + "] for audiences " + audiences));
        }
    }

    /** {@code exp} (required unless said otherwise), {@code nbf}, and {@code iat} (required, not in the future). */
    void times(Claims claims, boolean expirationRequired) {
        Instant exp = claims.instant("exp");
        if (exp == null) {
            if (expirationRequired) {
                errors.add(new JitError(JitErrorCodes.TOKEN_EXPIRED, "The token has no exp claim"));
            }
        } else if (!now.isBefore(exp.plus(skew))) {
            errors.add(new JitError(JitErrorCodes.TOKEN_EXPIRED, "The token expired at [" + exp + "], now is [" + now + "]"));
        }
        Instant nbf = claims.instant("nbf");
        if (nbf != null && nbf.isAfter(nowPlusSkew)) {
            errors.add(new JitError(JitErrorCodes.TOKEN_NOT_YET_VALID, "The token is valid from [" + nbf
                    + "], now is [" + now + "]"));
        }
        Instant iat = claims.instant("iat");
        if (iat == null) {
            errors.add(new JitError(JitErrorCodes.TOKEN_NOT_YET_VALID, "The token has no iat claim"));
        } else if (iat.isAfter(nowPlusSkew)) {
            errors.add(new JitError(JitErrorCodes.TOKEN_NOT_YET_VALID, "The token was issued at [" + iat
                    + "], in the future of [" + now + "]"));
        }
    }

    void subject(Claims claims) {
        if (claims.subject() == null || claims.subject().isEmpty()) {
            errors.add(new JitError(JitErrorCodes.SUBJECT_INVALID, "The token has no sub claim"));
        }
    }

    void nonce(Claims claims, @Nullable String expected) {
        if (expected == null) {
            return;
        }
        String actual = claims.string("nonce");
        if (actual == null || !MessageDigest.isEqual(actual.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            errors.add(new JitError(JitErrorCodes.NONCE_MISMATCH, "The token's nonce is not the one this login sent"));
        }
    }

    /** With {@code max_age} requested, {@code auth_time} is required and recent enough (Core 3.1.3.7 step 13). */
    void authTime(Claims claims, @Nullable Duration maxAge) {
        if (maxAge == null) {
            return;
        }
        Instant authTime = claims.instant("auth_time");
        if (authTime == null) {
            errors.add(new JitError(JitErrorCodes.AUTHENTICATION_STALE, "max_age was requested but the token has no auth_time"));
        } else if (!now.isBefore(authTime.plus(maxAge).plus(skew))) {
            errors.add(new JitError(JitErrorCodes.AUTHENTICATION_STALE, "Authentication at [" + authTime
                    + "] is older than the requested max_age [" + maxAge + "]"));
        }
    }

    /** {@code at_hash}, when the token has one and an access token came with it (Core 3.2.2.9). */
    void accessTokenHash(SignedToken token, @Nullable AccessToken accessToken) {
        String atHash = token.claims().string("at_hash");
        if (accessToken == null || atHash == null) {
            return;
        }
        Curve curve = token.jwt().getHeader().getAlgorithm().getName().startsWith("Ed") ? Curve.Ed25519 : null;
        AccessTokenHash expected = AccessTokenHash.compute(accessToken, token.jwt().getHeader().getAlgorithm(), curve);
        if (expected == null || !expected.getValue().equals(atHash)) {
            errors.add(new JitError(JitErrorCodes.AT_HASH_MISMATCH, "at_hash does not match the access token"));
        }
    }

}
