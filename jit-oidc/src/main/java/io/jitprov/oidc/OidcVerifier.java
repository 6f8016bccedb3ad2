package io.jitprov.oidc;

import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.LogoutEvent;
import io.jitprov.core.Refusal;
import io.jitprov.core.ReplayCache;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.internal.Durations;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.core.wiring.JitStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the tokens an OpenID provider issues, or refuses them with a
 * {@link JitAuthenticationException} whose code says why: ID tokens (OIDC Core 3.1.3.7), JWT
 * access tokens of machine clients (RFC 9068), and back-channel logout tokens (Back-Channel
 * Logout 1.0, section 2.6). Thread-safe; build one and share it.
 *
 * <pre>{@code
 * OidcVerifier verifier = OidcVerifier.builder()
 *         .providers(OidcProviders.of(OidcDiscovery.discover("https://login.acme.test").clientId("app").build()))
 *         .build();
 * VerifiedIdentity identity = verifier.verifyIdToken(idToken, "https://login.acme.test", IdTokenExpectations.nonce(sentNonce));
 * }</pre>
 *
 * @since 0.1
 */
public final class OidcVerifier {

    /** The longest token accepted unless configured otherwise: 64 KiB of compact JWT. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 64 * 1024;

    private static final String ID_PREFIX = "oidc-id|";
    private static final String LOGOUT_PREFIX = "oidc-logout|";
    private static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private static final TokenSignatures.TypeRule ID_TOKEN = new Types("JWT (an ID token)",
            null, "jwt", "application/jwt");
    private static final TokenSignatures.TypeRule ACCESS_TOKEN = new Types("at+jwt (RFC 9068)",
            "at+jwt", "application/at+jwt");
    private static final TokenSignatures.TypeRule LOGOUT_TOKEN = new Types("logout+jwt",
            null, "logout+jwt", "application/logout+jwt", "jwt");

    private final OidcProviders providers;
    private final TokenSignatures signatures;
    private final ReplayCache replayCache;
    private final Clock clock;
    private final Duration clockSkew;
    private final Duration maxLogoutTokenAge;
    private final Duration twiceClockSkew;
    private final int maxTokenLength;

    private OidcVerifier(Builder b) {
        this.maxTokenLength = b.maxTokenLength;
        this.providers = Objects.requireNonNull(b.providers, "providers cannot be null");
        this.signatures = new TokenSignatures(providers, b.maxTokenLength);
        this.replayCache = b.replayCache != null ? b.replayCache
                : new InMemoryReplayCache(b.clock, InMemoryReplayCache.DEFAULT_MAX_ENTRIES);
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.maxLogoutTokenAge = b.maxLogoutTokenAge;
        this.twiceClockSkew = b.clockSkew.multipliedBy(2);
    }

    /** Starts a verifier; the providers are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A verifier set up as this one (replay cache, clock, limits), but for {@code providers}: for a
     * test sign-in through a provider that takes no logins yet.
     */
    public OidcVerifier with(OidcProviders providers) {
        return builder().providers(providers).replayCache(replayCache).clock(clock).clockSkew(clockSkew)
                .maxLogoutTokenAge(maxLogoutTokenAge).maxTokenLength(maxTokenLength).build();
    }

    /** The replay cache this {@link OidcVerifier} remembers used messages in. */
    public ReplayCache replayCache() {
        return replayCache;
    }

    /**
     * Verifies an ID token obtained from the provider {@code issuer}, as OIDC Core 1.0 §3.1.3.7
     * asks: {@code iss} exactly {@code issuer} (a token of any other provider, configured or not,
     * is refused with {@code issuer_mismatch}), signature with that provider's keys (asymmetric
     * algorithms only), {@code aud} and {@code azp} naming its client ID, {@code exp} and
     * {@code iat}, {@code nonce}, {@code auth_time} against a requested {@code max_age}, and
     * {@code at_hash}. Each token is accepted once: its {@code jti} (or, without one, a hash of its
     * signed content) is kept in the replay cache until it expires. Segments must be canonical
     * base64url, so that one token has one text. {@link OidcLogin} verifies this way, as the
     * provider its login was sent to.
     *
     * @throws JitAuthenticationException with every problem found
     * @throws io.jitprov.core.JitStoreException when the replay cache cannot answer
     * @throws IllegalArgumentException when {@code issuer} is not a configured provider
     */
    public VerifiedIdentity verifyIdToken(String idToken, String issuer, IdTokenExpectations expected) {
        Objects.requireNonNull(issuer, "issuer cannot be null");
        OidcProvider provider = providers.find(issuer).orElseThrow(() ->
                new IllegalArgumentException("Provider [" + issuer + "] is not configured"));
        return verifyIdTokenFrom(idToken, provider, expected);
    }

    /**
     * Verifies an ID token presented directly rather than obtained in a login of this
     * application, from whichever configured provider its {@code iss} names; otherwise as
     * {@link #verifyIdToken(String, String, IdTokenExpectations)}. Tokens a login obtained must go
     * through that method instead, which binds them to the provider the login was sent to.
     *
     * @throws JitAuthenticationException with every problem found
     * @throws io.jitprov.core.JitStoreException when the replay cache cannot answer
     */
    public VerifiedIdentity verifyIdToken(String idToken, IdTokenExpectations expected) {
        return verifyIdTokenFrom(idToken, null, expected);
    }

    /** With {@code provider} null, the provider is whichever the token's {@code iss} names. */
    VerifiedIdentity verifyIdTokenFrom(String idToken, @Nullable OidcProvider provider, IdTokenExpectations expected) {
        Objects.requireNonNull(idToken, "idToken cannot be null");
        Objects.requireNonNull(expected, "expected cannot be null");
        SignedToken token = verifySignature(idToken, ID_TOKEN, provider);
        Claims claims = token.claims();
        List<JitError> errors = new ArrayList<>();
        ClaimChecks checks = new ClaimChecks(clock.instant(), clockSkew, errors);
        checks.issuer(claims, token.provider().issuer());
        checks.audience(claims, token.provider().clientId(), true);
        checks.times(claims, true);
        checks.subject(claims);
        checks.nonce(claims, expected.nonce());
        checks.authTime(claims, expected.maxAge());
        checks.accessTokenHash(token, expected.accessToken());
        refuseOtherTokenKinds(claims, errors);
        requireNone(errors);
        VerifiedIdentity identity = ClaimsIdentity.of(claims, token.provider(), IdentityKind.HUMAN);
        recordUse(ID_PREFIX, token, Objects.requireNonNull(claims.instant("exp")));
        return identity;
    }

    /**
     * Verifies a JWT access token a machine client obtained (client-credentials grant) for this
     * API, identified by {@code audience}, into a workload identity (RFC 9068 section 4: {@code typ}
     * at+jwt, iss, aud, exp, iat, sub, client_id).
     *
     * @throws JitAuthenticationException with every problem found
     */
    public VerifiedIdentity verifyAccessToken(String accessToken, String audience) {
        Objects.requireNonNull(accessToken, "accessToken cannot be null");
        Objects.requireNonNull(audience, "audience cannot be null");
        SignedToken token = verifySignature(accessToken, ACCESS_TOKEN, null);
        Claims claims = token.claims();
        List<JitError> errors = new ArrayList<>();
        ClaimChecks checks = new ClaimChecks(clock.instant(), clockSkew, errors);
        checks.issuer(claims, token.provider().issuer());
        checks.audience(claims, audience, false);
        checks.times(claims, true);
        checks.subject(claims);
        if (claims.string("client_id") == null) {
            errors.add(new JitError(JitErrorCodes.MALFORMED_MESSAGE, "The access token has no client_id claim"));
        }
        requireNone(errors);
        return ClaimsIdentity.of(claims, token.provider(), IdentityKind.WORKLOAD);
    }

    /**
     * Verifies a back-channel logout token into the sessions to end (OIDC Back-Channel Logout 1.0
     * §2.4, §2.6): signature, {@code iss}, {@code aud}, {@code iat}, the logout event, {@code sub}
     * or {@code sid}, no {@code nonce}; each is accepted once ({@code jti}).
     *
     * @throws JitAuthenticationException with every problem found
     */
    public LogoutEvent verifyLogoutToken(String logoutToken) {
        Objects.requireNonNull(logoutToken, "logoutToken cannot be null");
        SignedToken token = verifySignature(logoutToken, LOGOUT_TOKEN, null);
        Claims claims = token.claims();
        Instant now = clock.instant();
        List<JitError> errors = new ArrayList<>();
        ClaimChecks checks = new ClaimChecks(now, clockSkew, errors);
        checks.issuer(claims, token.provider().issuer());
        checks.audience(claims, token.provider().clientId(), false);
        checks.times(claims, false);
        checkLogoutClaims(claims, now, errors);
        requireNone(errors);
        String sid = claims.string("sid");
        Instant issued = Objects.requireNonNull(claims.instant("iat"));
        recordUse(LOGOUT_PREFIX, token, issued.plus(maxLogoutTokenAge));
        return new LogoutEvent(token.provider().issuer(), claims.subject(), sid == null ? List.of() : List.of(sid),
                issued);
    }

    /**
     * A logout token (it has {@code events}) or an access token is no ID token even when its
     * header says plain JWT. Some providers (Keycloak) also name the kind in a {@code typ} claim.
     */
    private static void refuseOtherTokenKinds(Claims claims, List<JitError> errors) {
        String kind = claims.string("typ");
        if (claims.get("events") != null
                || (kind != null && List.of("bearer", "logout", "refresh").contains(kind.toLowerCase(Locale.ROOT)))) {
            errors.add(new JitError(JitErrorCodes.TOKEN_TYPE_MISMATCH, "The token is "
                    + (kind != null ? "a " + JitError.quote(kind) + " token" : "a logout token") + ", not an ID token"));
        }
    }

    private void checkLogoutClaims(Claims claims, Instant now, List<JitError> errors) {
        Object events = claims.get("events");
        if (!(events instanceof Map<?, ?> map) || !(map.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map)) {
            errors.add(new JitError(JitErrorCodes.LOGOUT_TOKEN_INVALID, "The events claim does not name ["
                    + BACKCHANNEL_LOGOUT_EVENT + "]"));
        }
        if (claims.subject() == null && claims.string("sid") == null) {
            errors.add(new JitError(JitErrorCodes.LOGOUT_TOKEN_INVALID, "The logout token names neither sub nor sid"));
        }
        if (claims.get("nonce") != null) {
            errors.add(new JitError(JitErrorCodes.LOGOUT_TOKEN_INVALID, "A logout token must not carry a nonce"));
        }
        if (claims.jwtId() == null) {
            errors.add(new JitError(JitErrorCodes.LOGOUT_TOKEN_INVALID, "The logout token has no jti"));
        }
        Instant issued = claims.instant("iat");
        if (issued != null && !now.isBefore(issued.plus(maxLogoutTokenAge).plus(clockSkew))) {
            errors.add(new JitError(JitErrorCodes.TOKEN_EXPIRED, "The logout token was issued at ["
                    + issued + "], more than [" + maxLogoutTokenAge + "] ago"));
        }
    }

    /**
     * Records the token until it can no longer be accepted, with one skew of margin. A token
     * without {@code jti} is known by what was signed, not by its text or its signature: an ECDSA
     * signature has a mirrored twin, (r, n - s), that verifies just as well.
     */
    private void recordUse(String prefix, SignedToken token, Instant until) {
        String jti = token.claims().jwtId();
        String id = jti != null ? jti : sha256(token.jwt().getSigningInput());
        String key = prefix + token.provider().issuer() + "|" + id;
        if (!replayCache.firstUse(key, until.plus(twiceClockSkew))) {
            throw new JitAuthenticationException(JitErrorCodes.REPLAYED, "This token ("
                    + (jti != null ? "jti " + JitError.quote(jti) : "same content") + ") was already used");
        }
    }

    private static void requireNone(List<JitError> errors) {
        if (!errors.isEmpty()) {
            throw new JitAuthenticationException(new Refusal(errors));
        }
    }

    /** Whatever the JOSE library throws on input nobody foresaw stays a refusal. */
    private SignedToken verifySignature(String token, TokenSignatures.TypeRule type, @Nullable OidcProvider provider) {
        try {
            return signatures.verify(token, type, provider);
        } catch (JitAuthenticationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                    "The token could not be processed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String sha256(byte[] value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(value));
    }

    /** {@code typ} values one kind of token accepts; {@code null} in the list accepts an absent typ. */
    private static final class Types implements TokenSignatures.TypeRule {
        private final String expected;
        private final List<@Nullable String> accepted;

        Types(String expected, @Nullable String... accepted) {
            this.expected = expected;
            this.accepted = Arrays.asList(accepted);
        }

        @Override
        public boolean accepts(@Nullable String type) {
            return accepted.contains(type == null ? null : type.toLowerCase(Locale.ROOT));
        }

        @Override
        public String expected() {
            return expected;
        }
    }

    /** Configures an {@link OidcVerifier}; the providers are required. */
    public static final class Builder {

        private @Nullable OidcProviders providers;
        private @Nullable ReplayCache replayCache;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration maxLogoutTokenAge = Duration.ofMinutes(5);
        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;

        private Builder() {
        }

        /** The providers whose tokens are accepted, each with its keys and client ID. */
        public Builder providers(OidcProviders providers) {
            this.providers = Objects.requireNonNull(providers, "providers cannot be null");
            return this;
        }

        /**
         * The replay cache and the clock of {@code stores}, the value every component of one
         * application shares.
         */
        public Builder stores(JitStores stores) {
            return replayCache(stores.replayCache()).clock(stores.clock());
        }

        /** Where used token IDs are kept; an {@link InMemoryReplayCache} (one node) by default. */
        public Builder replayCache(ReplayCache replayCache) {
            this.replayCache = Objects.requireNonNull(replayCache, "replayCache cannot be null");
            return this;
        }

        /** The clock validity is checked with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Tolerated clock difference with the provider; 60 seconds by default. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Durations.notNegative("clockSkew", clockSkew);
            return this;
        }

        /** How long after its {@code iat} a logout token is accepted; 5 minutes by default. */
        public Builder maxLogoutTokenAge(Duration maxAge) {
            this.maxLogoutTokenAge = Objects.requireNonNull(maxAge, "maxAge cannot be null");
            return this;
        }

        /** The longest compact token accepted; 64 KiB by default. */
        public Builder maxTokenLength(int maxTokenLength) {
            if (maxTokenLength < 1024) {
                throw new IllegalArgumentException("maxTokenLength must be at least 1024");
            }
            this.maxTokenLength = maxTokenLength;
            return this;
        }

        /** The verifier. */
        public OidcVerifier build() {
            return new OidcVerifier(this);
        }
    }
}
