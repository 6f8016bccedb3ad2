package io.jitprov.oidc;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.VerifiedIdentity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns verified claims into a {@link VerifiedIdentity}: claims about the person become
 * multi-valued attributes; protocol claims (who issued the token, for whom, when, the nonce,
 * hashes, the session) feed the identity's own fields or nothing. ID token and UserInfo claims
 * become attributes by the same rules ({@link #attributes}).
 */
final class ClaimsIdentity {

    /** Claims about the token, not the person (RFC 7519 4.1, OIDC Core 2 and 3.1.3.6, Keycloak's typ). */
    private static final Set<String> PROTOCOL_CLAIMS = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti",
            "nonce", "at_hash", "c_hash", "azp", "auth_time", "sid", "acr", "amr", "typ", "session_state", "events",
            "_claim_names", "_claim_sources", "hasgroups", "xms_edov");
    /** Integral numbers below this print as integers; a double loses integer precision beyond it. */
    private static final double EXACT_INTEGERS = 1e15;

    private ClaimsIdentity() {
    }

    static VerifiedIdentity of(Claims claims, OidcProvider provider, IdentityKind kind) {
        // Entra ID sends no email_verified; its optional xms_edov claim ("email domain owner
        // verified") is the one statement that makes its email trustworthy.
        VerifiedIdentity.Builder identity = VerifiedIdentity.issuedBy(provider.issuer())
                .subject(Objects.requireNonNull(claims.subject()))
                .kind(kind)
                .emailVerified(emailVerified(claims.get("email_verified")) || emailVerified(claims.get("xms_edov")))
                .groupsIncomplete(groupsLeftOut(claims, provider.groupsClaim()));
        attributes(claims.asMap(), provider).forEach(identity::attribute);
        return identity.acr(claims.string("acr"))
                .amr(values(claims.get("amr")))
                .authnInstant(claims.instant("auth_time"))
                .sessionIndex(claims.string("sid"))
                .notOnOrAfter(claims.instant("exp"))
                .build();
    }

    /**
     * The person's claims as attributes, protocol claims left out. Groups come from the
     * provider's groups claim only. Each claim keeps its values apart: a string is one value; a
     * number its decimal text ({@code 42}, {@code 0.5}); a boolean {@code true} or {@code false};
     * an object (such as OIDC's {@code address}) its JSON text; an array one value per element by
     * the same rules, skipping nulls and arrays nested in it, which have no one text. A null claim,
     * or one left with no values, is no attribute.
     */
    static Map<String, List<String>> attributes(Map<String, ?> claims, OidcProvider provider) {
        boolean groupsElsewhere = !StandardAttributes.GROUPS.equals(provider.groupsClaim());
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, ?> claim : claims.entrySet()) {
            // With groups configured in another claim, a claim named "groups" means something else
            // to that provider and must not grant roles.
            boolean strayGroups = groupsElsewhere && StandardAttributes.GROUPS.equals(claim.getKey());
            if (PROTOCOL_CLAIMS.contains(claim.getKey()) || strayGroups) {
                continue;
            }
            List<String> values = values(claim.getValue());
            if (!values.isEmpty()) {
                attributes.put(claim.getKey(), values);
            }
        }
        if (groupsElsewhere) {
            List<String> groups = values(claims.get(provider.groupsClaim()));
            if (!groups.isEmpty()) {
                attributes.put(StandardAttributes.GROUPS, groups);
            }
        }
        return attributes;
    }

    /**
     * Entra ID's group overage: too many groups for a token, so the claim is replaced by a pointer
     * to fetch them ({@code _claim_names}, OIDC Core 5.6.2 distributed claims) or by {@code hasgroups}.
     */
    private static boolean groupsLeftOut(Claims claims, String groupsClaim) {
        return claims.get("_claim_names") instanceof Map<?, ?> names
                && (names.containsKey(groupsClaim) || names.containsKey(StandardAttributes.GROUPS))
                || emailVerified(claims.get("hasgroups"));
    }

    /** Fail closed: only JSON {@code true} (or the string {@code "true"} some providers send) counts. */
    static boolean emailVerified(Object claim) {
        return Boolean.TRUE.equals(claim) || "true".equals(claim);
    }

    private static List<String> values(@Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> collection) {
            List<String> values = new ArrayList<>(collection.size());
            for (Object element : collection) {
                if (element != null && !(element instanceof Collection)) {
                    values.add(text(element));
                }
            }
            return values;
        }
        return List.of(text(value));
    }

    @SuppressWarnings("unchecked")
    private static String text(Object value) {
        if (value instanceof Map<?, ?> map) {
            return JSONObjectUtils.toJSONString((Map<String, ?>) map);
        }
        if (value instanceof Double || value instanceof BigDecimal) {
            return decimal((Number) value);
        }
        return value.toString();
    }

    /** Plain decimal text, never an exponent: {@code 1e3} is {@code 1000}, as an integer would be. */
    private static String decimal(Number value) {
        double approximate = value.doubleValue();
        if (!Double.isFinite(approximate)) {
            return value.toString(); // beyond a double's range: as the parser gave it
        }
        BigDecimal number = new BigDecimal(value.toString());
        return approximate == Math.rint(approximate) && Math.abs(approximate) < EXACT_INTEGERS
                ? Long.toString(number.longValue()) : number.toPlainString();
    }
}
