package io.jitprov.oidc;

import static io.jitprov.oidc.OidcFixture.assertRefused;
import static io.jitprov.oidc.OidcFixture.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the claims of a verified ID token become (OIDC Core §2, §5.1, §5.6.2), whatever JSON types they arrive in. */
class ClaimsReadingTests {

    private static final IdTokenExpectations NONCE = IdTokenExpectations.nonce(TestTokens.NONCE);

    private static VerifiedIdentity read(OidcProvider provider, Consumer<JWTClaimsSet.Builder> change) {
        String token = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, header -> header,
                TestTokens.with(TestTokens.aliceClaims(TestTokens.NOW), change));
        return verifier(provider).verifyIdToken(token, NONCE);
    }

    private static VerifiedIdentity read(Consumer<JWTClaimsSet.Builder> change) {
        return read(TestTokens.provider(TestTokens.RSA).build(), change);
    }

    @Test
    void claimsOfAnyJsonTypeBecomeTextValuesAndNullsAndArraysInArraysAreLeftOut() {
        VerifiedIdentity identity = read(claims -> claims
                .claim("employee_number", 42)
                .claim("cost_share", 0.5)
                .claim("contractor", false)
                .claim("address", Map.of("country", "NZ"))
                .claim("nicknames", Arrays.asList("Al", null, "Ali"))
                .claim("teams", List.of("blue", List.of("nested"), 7, Map.of("id", "red")))
                .claim("manager", null));

        assertThat(identity.attributes().get("employee_number")).containsExactly("42");
        assertThat(identity.attributes().get("cost_share")).containsExactly("0.5");
        assertThat(identity.attributes().get("contractor")).containsExactly("false");
        assertThat(identity.attributes().get("address")).containsExactly("{\"country\":\"NZ\"}");
        assertThat(identity.attributes().get("nicknames")).containsExactly("Al", "Ali");
        assertThat(identity.attributes().get("teams")).containsExactly("blue", "7", "{\"id\":\"red\"}");
        assertThat(identity.attributes()).doesNotContainKeys("manager", "nonce", "aud", "exp");
        assertThat(identity.amr()).containsExactly("pwd", "mfa");
        assertThat(identity.sessionIndex()).contains("sid-77");
    }

    @Test
    void emailIsVerifiedOnlyByJsonTrueOrTheStringTrue() {
        assertThat(read(claims -> claims.claim("email_verified", "true")).emailVerified()).isTrue();
        assertThat(read(claims -> claims.claim("email_verified", "yes")).emailVerified()).isFalse();
        assertThat(read(claims -> claims.claim("email_verified", 1)).emailVerified()).isFalse();
    }

    @Test
    void groupsComeOnlyFromTheConfiguredClaimAndOverageSignalsAreRead() {
        OidcProvider roles = TestTokens.provider(TestTokens.RSA).groupsClaim("roles").build();

        VerifiedIdentity fromRoles = read(roles, claims -> claims.claim("roles", List.of("acme-admins")));
        VerifiedIdentity hasGroups = read(claims -> claims.claim("hasgroups", true).claim("groups", null));
        VerifiedIdentity pointer = read(roles, claims -> claims
                .claim("_claim_names", Map.of("roles", "src1")).claim("roles", null));

        // Alice's token also has a "groups" claim: for this provider it is not where groups are.
        assertThat(fromRoles.attributes().get("groups")).containsExactly("acme-admins");
        assertThat(hasGroups.groupsIncomplete()).isTrue();
        assertThat(pointer.groupsIncomplete()).isTrue();
        assertThat(read(claims -> { }).groupsIncomplete()).isFalse();
    }

    @Test
    void keycloakTokensOfAnotherKindAreNoIdTokensEvenWithAPlainJwtHeader() {
        assertRefused(() -> read(claims -> claims.claim("typ", "Bearer")), JitErrorCodes.TOKEN_TYPE_MISMATCH);
        assertRefused(() -> read(claims -> claims.claim("typ", "Refresh")), JitErrorCodes.TOKEN_TYPE_MISMATCH);
        assertThat(read(claims -> claims.claim("typ", "ID")).subject()).isEqualTo("248289761001");
    }
}
