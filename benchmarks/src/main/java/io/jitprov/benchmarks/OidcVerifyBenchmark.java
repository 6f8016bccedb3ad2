package io.jitprov.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.oidc.IdTokenExpectations;
import io.jitprov.oidc.JwkSetSource;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.oidc.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * OidcVerifier against the floor (nimbus-jose-jwt parse + RS256 verify), the Connect2id SDK's
 * IDTokenValidator and jose4j's JwtConsumer, on one RS256 ID token from its compact form, with
 * the key set already cached. Every benchmark verifies the same 4,096 distinct tokens in turn.
 * Run: see benchmarks/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class OidcVerifyBenchmark {

    /** Distinct tokens (their jti differs), used in turn, as a server sees them. */
    private static final int TOKENS = 4096;

    private String[] tokens;
    private int next;
    private OidcVerifier verifier;
    private IdTokenExpectations expected;
    private RSASSAVerifier floorVerifier;
    private IDTokenValidator sdkValidator;
    private Nonce nonce;
    private JwtConsumer jose4j;
    private volatile InMemoryReplayCache replayCache;

    @Setup
    public void setUp() throws Exception {
        replayCache = new InMemoryReplayCache(Clock.systemUTC(), 2 * TOKENS);
        Instant issued = Instant.now();
        tokens = new String[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            JWTClaimsSet claims = TestTokens.aliceClaims(issued)
                    .expirationTime(Date.from(issued.plus(Duration.ofHours(2))))
                    .jwtID(String.format("b1c7e8a2-7f3e-4a8d-9c55-%012d", i))
                    .claim("preferred_username", "alice.liddell")
                    .claim("locale", "en-GB")
                    .claim("groups", List.of("acme-staff", "acme-eng-backend", "acme-eng-oncall", "acme-vpn-users"))
                    .build();
            tokens[i] = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, claims);
        }
        JWKSet keys = new JWKSet(TestTokens.RSA.toPublicJWK());
        OidcProvider provider = OidcProvider.withIssuer(TestTokens.ISSUER).clientId(TestTokens.CLIENT_ID)
                .jwks(JwkSetSource.of(keys)).build();
        verifier = OidcVerifier.builder().providers(OidcProviders.of(provider))
                .clock(Clock.fixed(issued, ZoneOffset.UTC))
                // A real cache, started afresh each time the tokens come round again (see token()),
                // so that the replay check does not refuse them the second time.
                .replayCache((key, expiresAt) -> replayCache.firstUse(key, expiresAt))
                .build();
        expected = IdTokenExpectations.nonce(TestTokens.NONCE);
        floorVerifier = new RSASSAVerifier(TestTokens.RSA.toRSAPublicKey());
        sdkValidator = new IDTokenValidator(new Issuer(TestTokens.ISSUER), new ClientID(TestTokens.CLIENT_ID),
                JWSAlgorithm.RS256, keys);
        nonce = new Nonce(TestTokens.NONCE);
        jose4j = new JwtConsumerBuilder().setRequireExpirationTime().setRequireIssuedAt().setRequireSubject()
                .setAllowedClockSkewInSeconds(60).setExpectedIssuer(TestTokens.ISSUER)
                .setExpectedAudience(TestTokens.CLIENT_ID).setVerificationKey(TestTokens.RSA.toRSAPublicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256").build();
        if (!floor() || !jit().subject().equals(sdk().getSubject().getValue()) || jose4j().getSubject() == null) {
            throw new IllegalStateException("A verifier refused the benchmark token");
        }
        next = 0;
    }

    private String token() {
        int i = next++ & (TOKENS - 1);
        if (i == 0) {
            replayCache = new InMemoryReplayCache(Clock.systemUTC(), 2 * TOKENS);
        }
        return tokens[i];
    }

    /** jit: every check (algorithm, typ, crit, key selection, signature, iss, aud/azp, times, nonce), replay cache included. */
    @Benchmark
    public VerifiedIdentity jit() {
        return verifier.verifyIdToken(token(), expected);
    }

    /** The floor: nimbus-jose-jwt parse and RS256 verification, nothing else. */
    @Benchmark
    public boolean floor() throws Exception {
        return SignedJWT.parse(token()).verify(floorVerifier);
    }

    /** The Connect2id SDK's IDTokenValidator with the same key set. */
    @Benchmark
    public IDTokenClaimsSet sdk() throws Exception {
        return sdkValidator.validate(SignedJWT.parse(token()), nonce);
    }

    /** jose4j's JwtConsumer with the same key. */
    @Benchmark
    public JwtClaims jose4j() throws Exception {
        return jose4j.processToClaims(token());
    }
}
