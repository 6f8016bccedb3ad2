package io.jitprov.oidc;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The claim checks of OIDC Core 3.1.3.7 and RFC 9068 section 4, each adding what it finds. */
final class ClaimChecks {

    private final Instant now;
    private final Duration skew;
    private final List<JitError> errors;

    ClaimChecks(Instant now, Duration skew, List<JitError> errors) {
        this.now = now;
        this.skew = skew;
        this.errors = errors;
    }

    void issuer(JWTClaimsSet claims, String expected) {
        if (!expected.equals(claims.getIssuer())) {
            errors.add(new JitError(JitErrorCodes.ISSUER_MISMATCH, "Issuer " + JitError.quote(claims.getIssuer())
                    + " is not [" + expected + "]"));
        }
    }

    /** {@code aud} contains {@code audience}; with several audiences, {@code azp} must be the client. */
    void audience(JWTClaimsSet claims, String audience, boolean checkAzp) {
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            errors.add(new JitError(JitErrorCodes.AUDIENCE_MISMATCH, "Audiences " + audiences
                    + " do not include [" + audience + "]"));
            return;
        }
        if (!checkAzp) {
            return;
        }
        String azp = stringClaim(claims, "azp");
        if ((audiences.size() > 1 && azp == null) || (azp != null && !azp.equals(audience))) {
            errors.add(new JitError(JitErrorCodes.AZP_MISMATCH, "Authorized party " + JitError.quote(azp)
                    + " is not [" + audience + "] for audiences " + audiences));
        }
    }

    /** {@code exp} (required unless said otherwise), {@code nbf}, and {@code iat} (required, not in the future). */
    void times(JWTClaimsSet claims, boolean expirationRequired) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            if (expirationRequired) {
                errors.add(new JitError(JitErrorCodes.TOKEN_EXPIRED, "The token has no exp claim"));
            }
        } else if (!now.isBefore(exp.toInstant().plus(skew))) {
            errors.add(new JitError(JitErrorCodes.TOKEN_EXPIRED, "The token expired at [" + exp.toInstant()
                    + "], now is [" + now + "]"));
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
            errors.add(new JitError(JitErrorCodes.TOKEN_NOT_YET_VALID, "The token is valid from [" + nbf.toInstant()
                    + "], now is [" + now + "]"));
        }
        Date iat = claims.getIssueTime();
        if (iat == null) {
            errors.add(new JitError(JitErrorCodes.TOKEN_NOT_YET_VALID, "The token has no iat claim"));
        } else if (iat.toInstant().isAfter(now.plus(skew))) {
            errors.add(new JitError(JitErrorCodes.TOKEN_NOT_YET_VALID, "The token was issued at [" + iat.toInstant()
                    + "], in the future of [" + now + "]"));
        }
    }

    void subject(JWTClaimsSet claims) {
        if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
            errors.add(new JitError(JitErrorCodes.SUBJECT_INVALID, "The token has no sub claim"));
        }
    }

    void nonce(JWTClaimsSet claims, @Nullable String expected) {
        if (expected == null) {
            return;
        }
        String actual = stringClaim(claims, "nonce");
        if (actual == null || !MessageDigest.isEqual(actual.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            errors.add(new JitError(JitErrorCodes.NONCE_MISMATCH, "The token's nonce is not the one this login sent"));
        }
    }

    /** With {@code max_age} requested, {@code auth_time} is required and recent enough (Core 3.1.3.7 step 13). */
    void authTime(JWTClaimsSet claims, @Nullable Duration maxAge) {
        if (maxAge == null) {
            return;
        }
        Date authTime = dateClaim(claims, "auth_time");
        if (authTime == null) {
            errors.add(new JitError(JitErrorCodes.AUTHENTICATION_STALE, "max_age was requested but the token has no auth_time"));
        } else if (!now.isBefore(authTime.toInstant().plus(maxAge).plus(skew))) {
            errors.add(new JitError(JitErrorCodes.AUTHENTICATION_STALE, "Authentication at [" + authTime.toInstant()
                    + "] is older than the requested max_age [" + maxAge + "]"));
        }
    }

    /** {@code at_hash}, when the token has one and an access token came with it (Core 3.2.2.9). */
    void accessTokenHash(SignedToken token, @Nullable AccessToken accessToken) {
        String atHash = stringClaim(token.claims(), "at_hash");
        if (accessToken == null || atHash == null) {
            return;
        }
        Curve curve = token.jwt().getHeader().getAlgorithm().getName().startsWith("Ed") ? Curve.Ed25519 : null;
        AccessTokenHash expected = AccessTokenHash.compute(accessToken, token.jwt().getHeader().getAlgorithm(), curve);
        if (expected == null || !expected.getValue().equals(atHash)) {
            errors.add(new JitError(JitErrorCodes.AT_HASH_MISMATCH, "at_hash does not match the access token"));
        }
    }

    static @Nullable String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    static @Nullable Date dateClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getDateClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }
}
