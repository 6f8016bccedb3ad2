package io.jitprov.testidp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;
import org.opensaml.security.x509.BasicX509Credential;

/**
 * The IdP's signing keys: the current one signs, the previous one (after a rotation) is still
 * published until it is retired, as an IdP rolling its keys over does. Made at start, never stored.
 */
final class Keys {

    /** One generation: an RSA key with its certificate (SAML), and the JWK that signs ID tokens. */
    record Generation(BasicX509Credential saml, JWK jwk) {

        JWSSigner signer() throws JOSEException {
            return jwk instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner(jwk.toECKey());
        }
    }

    private final TestIdp.TokenSigning signing;
    private volatile Generation current;
    private volatile @Nullable Generation previous;
    /** A key nobody publishes: what a forger signs with. */
    private final Generation stranger;

    Keys(TestIdp.TokenSigning signing) {
        this.signing = signing;
        this.current = generate();
        this.stranger = generate();
    }

    Generation current() {
        return current;
    }

    Generation stranger() {
        return stranger;
    }

    JWSAlgorithm algorithm() {
        return signing == TestIdp.TokenSigning.ES256 ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
    }

    synchronized void rotate() {
        previous = current;
        current = generate();
    }

    synchronized void retirePrevious() {
        previous = null;
    }

    /** The certificates SAML metadata publishes, the signing one first. */
    List<X509Certificate> certificates() {
        List<X509Certificate> certificates = new ArrayList<>();
        certificates.add(current.saml().getEntityCertificate());
        Generation old = previous;
        if (old != null) {
            certificates.add(old.saml().getEntityCertificate());
        }
        return certificates;
    }

    /** The JWKS: the public halves of the current and previous keys. */
    JWKSet publicKeys() {
        List<JWK> keys = new ArrayList<>();
        keys.add(current.jwk().toPublicJWK());
        Generation old = previous;
        if (old != null) {
            keys.add(old.jwk().toPublicJWK());
        }
        return new JWKSet(keys);
    }

    private Generation generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String id = "test-idp-" + UUID.randomUUID();
            X500Name name = new X500Name("CN=jit test IdP (tests only)");
            Instant now = Instant.now();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, new BigInteger(64, new java.security.SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            JWK jwk = signing == TestIdp.TokenSigning.ES256
                    ? new ECKeyGenerator(Curve.P_256).keyID(id).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                            .generate()
                    : new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                            .keyID(id).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
            return new Generation(new BasicX509Credential(certificate, pair.getPrivate()), jwk);
        } catch (Exception e) {
            throw new IllegalStateException("The test IdP could not make its keys", e);
        }
    }
}
