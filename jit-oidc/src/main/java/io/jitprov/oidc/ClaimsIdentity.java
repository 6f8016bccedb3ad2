package io.jitprov.oidc;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.VerifiedIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Turns verified claims into a {@link VerifiedIdentity}: every claim becomes a multi-valued attribute. */
final class ClaimsIdentity {

    private ClaimsIdentity() {
    }

    static VerifiedIdentity of(JWTClaimsSet claims, OidcProvider provider, IdentityKind kind) {
        VerifiedIdentity.Builder identity = VerifiedIdentity.issuedBy(provider.issuer())
                .subject(claims.getSubject())
                .kind(kind)
                .emailVerified(emailVerified(claims.getClaim("email_verified")));
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            List<String> values = values(claim.getValue());
            if (!values.isEmpty()) {
                identity.attribute(claim.getKey(), values);
            }
        }
        if (!StandardAttributes.GROUPS.equals(provider.groupsClaim())) {
            List<String> groups = values(claims.getClaim(provider.groupsClaim()));
            if (!groups.isEmpty()) {
                identity.attribute(StandardAttributes.GROUPS, groups);
            }
        }
        identity.acr(ClaimChecks.stringClaim(claims, "acr"));
        identity.amr(values(claims.getClaim("amr")));
        Date authTime = ClaimChecks.dateClaim(claims, "auth_time");
        identity.authnInstant(authTime == null ? null : authTime.toInstant());
        identity.sessionIndex(ClaimChecks.stringClaim(claims, "sid"));
        identity.notOnOrAfter(claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant());
        return identity.build();
    }

    /** Fail closed: only JSON {@code true} (or the string {@code "true"} some providers send) counts. */
    static boolean emailVerified(Object claim) {
        return Boolean.TRUE.equals(claim) || "true".equals(claim);
    }

    private static List<String> values(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> collection) {
            List<String> values = new ArrayList<>(collection.size());
            for (Object element : collection) {
                if (element != null) {
                    values.add(text(element));
                }
            }
            return values;
        }
        return List.of(text(value));
    }

    @SuppressWarnings("unchecked")
    private static String text(Object value) {
        if (value instanceof Date date) {
            return Long.toString(date.toInstant().getEpochSecond());
        }
        if (value instanceof Map<?, ?> map) {
            return JSONObjectUtils.toJSONString((Map<String, ?>) map);
        }
        return value.toString();
    }
}
