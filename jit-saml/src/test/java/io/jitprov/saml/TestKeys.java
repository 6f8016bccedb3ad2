package io.jitprov.saml;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys made once per test run: generating RSA keys is slow, and no key is ever committed. Public for the examples' tests. */
public final class TestKeys {

    /** The IdP's signing key, in its metadata. */
    public static final SamlCredential IDP = rsa("CN=idp.acme.test", 2048);
    /** The IdP's next key, for rollover tests. */
    static final SamlCredential IDP_NEXT = rsa("CN=idp.acme.test next", 2048);
    /** A key nobody trusts. */
    public static final SamlCredential ATTACKER = rsa("CN=idp.acme.test", 2048);
    /** Too small to be trusted. */
    static final SamlCredential IDP_WEAK = rsa("CN=weak.idp.acme.test", 1024);
    static final SamlCredential IDP_EC = ec("CN=ec.idp.acme.test");
    /** The service provider's decryption key. */
    public static final SamlCredential SP = rsa("CN=app.example", 2048);
    /** A key whose certificate expired 30 days ago. */
    public static final SamlCredential EXPIRED = credential("CN=expired.idp.acme.test", Instant.now().minus(400,
            ChronoUnit.DAYS), Instant.now().minus(30, ChronoUnit.DAYS));
    static final SamlCredential SP_OTHER = rsa("CN=other.example", 2048);

    private TestKeys() {
    }

    static SamlCredential rsa(String subject, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return credential(generator.generateKeyPair(), subject, bits >= 2048 ? "SHA256withRSA" : "SHA1withRSA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SamlCredential ec(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return credential(generator.generateKeyPair(), subject, "SHA256withECDSA");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key whose certificate expires {@code validFor} from now. */
    public static SamlCredential expiringIn(Duration validFor) {
        return credential("CN=soon.idp.acme.test", Instant.now().minus(300, ChronoUnit.DAYS), Instant.now().plus(validFor));
    }

    private static SamlCredential credential(String subject, Instant from, Instant until) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return credential(generator.generateKeyPair(), subject, "SHA256withRSA", from, until);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SamlCredential credential(KeyPair pair, String subject, String algorithm) throws Exception {
        Instant now = Instant.now();
        return credential(pair, subject, algorithm, now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS));
    }

    private static SamlCredential credential(KeyPair pair, String subject, String algorithm, Instant from,
            Instant until) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name(subject);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(from), Date.from(until), name, pair.getPublic());
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
        return new SamlCredential(pair.getPrivate(), certificate);
    }
}
