package io.jitprov.oidc;

import static io.jitprov.oidc.OidcFixture.assertRefused;
import static io.jitprov.oidc.OidcFixture.verifier;
import static io.jitprov.oidc.OidcFixture.verifierAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.LogoutEvent;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Back-Channel Logout 1.0, section 2.6: what a logout token must be. */
class LogoutTokenTests {

    private final OidcVerifier verifier = verifier(TestTokens.provider(TestTokens.RSA).build());

    private static JWTClaimsSet.Builder logoutClaims() {
        return new JWTClaimsSet.Builder().issuer(TestTokens.ISSUER).audience(TestTokens.CLIENT_ID)
                .issueTime(Date.from(TestTokens.NOW)).expirationTime(Date.from(TestTokens.NOW.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString()).subject("248289761001").claim("sid", "sid-77")
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
    }

    private static String logoutToken(JWTClaimsSet claims) {
        return TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h.type(TestTokens.type("logout+jwt")), claims);
    }

    @Test
    void verifyLogoutTokenWhenValidThenEventForTheSubjectsSession() {
        LogoutEvent event = verifier.verifyLogoutToken(logoutToken(logoutClaims().build()));

        assertThat(event.issuer()).isEqualTo(TestTokens.ISSUER);
        assertThat(event.subject()).isEqualTo("248289761001");
        assertThat(event.sessionIds()).containsExactly("sid-77");
    }

    @Test
    void verifyLogoutTokenWhenOnlySidOrOnlySubThenAccepted() {
        assertThat(verifier.verifyLogoutToken(logoutToken(logoutClaims().subject(null).build())).subject()).isNull();
        assertThat(verifier.verifyLogoutToken(logoutToken(logoutClaims().claim("sid", null).build())).sessionIds()).isEmpty();
    }

    @Test
    void verifyLogoutTokenWhenNeitherSubNorSidThenRefused() {
        assertRefused(() -> verifier.verifyLogoutToken(logoutToken(logoutClaims().subject(null).claim("sid", null).build())),
                JitErrorCodes.LOGOUT_TOKEN_INVALID);
    }

    @Test
    void verifyLogoutTokenWhenNoncePresentOrEventMissingThenRefused() {
        assertRefused(() -> verifier.verifyLogoutToken(logoutToken(logoutClaims().claim("nonce", "n").build())),
                JitErrorCodes.LOGOUT_TOKEN_INVALID);
        assertRefused(() -> verifier.verifyLogoutToken(logoutToken(logoutClaims().claim("events", Map.of()).build())),
                JitErrorCodes.LOGOUT_TOKEN_INVALID);
        assertRefused(() -> verifier.verifyLogoutToken(logoutToken(logoutClaims().jwtID(null).build())),
                JitErrorCodes.LOGOUT_TOKEN_INVALID);
    }

    @Test
    void verifyLogoutTokenWhenReplayedThenRefused() {
        String token = logoutToken(logoutClaims().build());
        verifier.verifyLogoutToken(token);

        assertRefused(() -> verifier.verifyLogoutToken(token), JitErrorCodes.REPLAYED);
    }

    @Test
    void verifyLogoutTokenWhenIdTokenPresentedAsLogoutTokenThenRefused() {
        assertRefused(() -> verifier.verifyLogoutToken(TestTokens.idToken()), JitErrorCodes.LOGOUT_TOKEN_INVALID);
    }

    @Test
    void verifyLogoutTokenWhenOldOrForAnotherClientThenRefused() {
        String token = logoutToken(logoutClaims().expirationTime(null).build());
        assertRefused(() -> verifierAt(TestTokens.NOW.plus(Duration.ofMinutes(10)), TestTokens.provider(TestTokens.RSA).build())
                .verifyLogoutToken(token), JitErrorCodes.TOKEN_EXPIRED);
        assertRefused(() -> verifier.verifyLogoutToken(logoutToken(logoutClaims().audience("other").build())),
                JitErrorCodes.AUDIENCE_MISMATCH);
    }
}
