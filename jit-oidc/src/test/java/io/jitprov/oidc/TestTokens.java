package io.jitprov.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Keys and real signed tokens, as an OpenID provider would issue them. Public for the examples'
 * tests and the benchmarks.
 */
public final class TestTokens {

    public static final String ISSUER = "https://idp.acme.test";
    public static final String CLIENT_ID = "app-client";
    public static final String NONCE = "n-0S6_WzA2Mj";
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    public static final RSAKey RSA = rsa("rsa-1", 2048);
    public static final RSAKey RSA_NEXT = rsa("rsa-2", 2048);
    public static final RSAKey ATTACKER = rsa("rsa-1", 2048);
    public static final RSAKey RSA_WEAK = rsa("rsa-weak", 1024);
    public static final ECKey EC = ec("ec-1");
    public static final OctetKeyPair ED25519 = ed25519("ed-1");
    /** The Ed25519 private key for {@link #ED25519}, kept as a JDK key: the JDK signs, not Tink. */
    private static KeyPair ed25519Pair;

    private TestTokens() {
    }

    /** The claims an ID token of Alice carries, issued at {@code now}. */
    public static JWTClaimsSet.Builder aliceClaims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject("248289761001").audience(CLIENT_ID)
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).issueTime(Date.from(now))
                .claim("nonce", NONCE).claim("auth_time", now.minusSeconds(60).getEpochSecond())
                .claim("email", "alice@acme.test").claim("email_verified", true)
                .claim("name", "Alice Liddell").claim("given_name", "Alice").claim("family_name", "Liddell")
                .claim("groups", List.of("acme-staff", "acme-eng-backend"))
                .claim("acr", "urn:acme:mfa").claim("amr", List.of("pwd", "mfa")).claim("sid", "sid-77");
    }

    public static String idToken() {
        return sign(RSA, JWSAlgorithm.RS256, header -> header, aliceClaims(NOW).build());
    }

    /** Signs {@code claims} with {@code key}, its kid in the header unless the customizer says otherwise. */
    public static String sign(JWK key, JWSAlgorithm algorithm, UnaryOperator<JWSHeader.Builder> header, JWTClaimsSet claims) {
        JWSHeader jwsHeader = header.apply(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())).build();
        try {
            if (key instanceof OctetKeyPair) {
                return signWithJdkEd25519(jwsHeader, claims);
            }
            JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa.toRSAPrivateKey(), true)
                    : new ECDSASigner((ECKey) key);
            SignedJWT jwt = new SignedJWT(jwsHeader, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A provider whose keys are exactly {@code keys}, as in its JWKS. */
    public static OidcProvider.Builder provider(JWK... keys) {
        return OidcProvider.withIssuer(ISSUER).clientId(CLIENT_ID).jwks(JwkSetSource.of(new JWKSet(List.of(keys))));
    }

    public static String jwks(JWK... keys) {
        return new JWKSet(Arrays.asList(keys)).toPublicJWKSet().toString();
    }

    public static JOSEObjectType type(String value) {
        return new JOSEObjectType(value);
    }

    public static JWTClaimsSet with(JWTClaimsSet.Builder builder, Consumer<JWTClaimsSet.Builder> change) {
        change.accept(builder);
        return builder.build();
    }

    private static String signWithJdkEd25519(JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT unsigned = new SignedJWT(header, claims);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(ed25519Pair.getPrivate());
        signer.update(unsigned.getSigningInput());
        return new SignedJWT(header.toBase64URL(), claims.toPayload().toBase64URL(), Base64URL.encode(signer.sign()))
                .serialize();
    }

    private static RSAKey rsa(String kid, int bits) {
        try {
            if (bits >= 2048) {
                return new RSAKeyGenerator(bits).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((java.security.interfaces.RSAPublicKey) pair.getPublic())
                    .privateKey(pair.getPrivate()).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OctetKeyPair ed25519(String kid) {
        try {
            ed25519Pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] spki = ed25519Pair.getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw)).keyID(kid)
                    .keyUse(KeyUse.SIGNATURE).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
