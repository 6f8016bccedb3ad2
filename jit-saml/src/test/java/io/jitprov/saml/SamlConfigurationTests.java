package io.jitprov.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

/**
 * Configuration mistakes are refused when the verifier or a credential is built, with a message
 * that names the setting, never later on a login.
 */
class SamlConfigurationTests {

    private static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    /** A traditional {@code EC PRIVATE KEY} (SEC1) that leaves the optional public key out, as some tools write it. */
    private static String sec1WithoutPublicKey(KeyPair pair) {
        ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
        byte[] der;
        try {
            der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), SECObjectIdentifiers.secp256r1).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END EC PRIVATE KEY-----\n";
    }

    @Test
    void theVerifierNeedsItsPartsAndRefusesUnsafeLimits() {
        SamlVerifier.Builder builder = SamlVerifier.builder();

        assertThatThrownBy(() -> SamlVerifier.builder().identityProviders(SamlIdentityProviders.of(SamlFixture.idp().build()))
                .build()).hasMessageContaining("serviceProvider");
        assertThatThrownBy(() -> SamlVerifier.builder().serviceProvider(SamlFixture.sp()).build())
                .hasMessageContaining("identityProviders");
        assertThatThrownBy(() -> builder.clockSkew(Duration.ofSeconds(-1))).hasMessageContaining("clockSkew");
        assertThatThrownBy(() -> builder.maxAssertionAge(Duration.ZERO)).hasMessageContaining("maxAssertionAge");
        assertThatThrownBy(() -> builder.maxAuthenticationAge(Duration.ofMinutes(-5)))
                .hasMessageContaining("maxAuthenticationAge");
        assertThatThrownBy(() -> builder.maxResponseBytes(100)).hasMessageContaining("maxResponseBytes");
        assertThatThrownBy(() -> builder.signatureAlgorithms()).hasMessageContaining("signatureAlgorithms");
        assertThatThrownBy(() -> builder.minimumRsaKeyBits(512)).hasMessageContaining("minimumRsaKeyBits");
    }

    @Test
    void aVerifierWithTighterLimitsStillAcceptsWhatFitsThem() {
        SamlVerifier strict = SamlFixture.verifier(SamlFixture.idp().build()).maxResponseBytes(64 * 1024)
                .maxAssertionAge(Duration.ofMinutes(1)).maxAuthenticationAge(Duration.ofMinutes(10))
                .clockSkew(Duration.ZERO).minimumRsaKeyBits(2048).build();

        assertThat(strict.verify(TestResponse.valid().base64(), SamlFixture.request()).subject()).isEqualTo("alice-0001");
    }

    @Test
    void credentialsAreReadFromPkcs8AndSec1PemAndBareBase64Certificates() throws Exception {
        SamlCredential idp = TestKeys.IDP;
        String certificatePem = pem(idp.certificate());
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(idp.privateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ecPair = ec.generateKeyPair();

        assertThat(SamlCredential.fromPem(pkcs8, certificatePem).certificate()).isEqualTo(idp.certificate());
        assertThat(SamlCredential.readPrivateKey(sec1WithoutPublicKey(ecPair)).getAlgorithm()).isIn("EC", "ECDSA");
        assertThat(SamlIdentityProvider.withEntityId("https://idp.example")
                .signingCertificate(Base64.getEncoder().encodeToString(idp.certificate().getEncoded()))
                .ssoRedirectUrl("https://idp.example/sso").build().signingCertificates()).containsExactly(idp.certificate());
    }

    @Test
    void unreadableKeysAndCertificatesAreRefusedWithWhatWasWrong() throws Exception {
        String certificatePem = pem(TestKeys.IDP.certificate());

        assertThatThrownBy(() -> SamlCredential.readPrivateKey(certificatePem))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No unencrypted private key");
        assertThatThrownBy(() -> SamlCredential.fromPem(pem(TestKeys.IDP.privateKey()), "%% not base64 %%"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate");
        assertThatThrownBy(() -> SamlIdentityProvider.withEntityId("https://idp.example").signingCertificate("AAAA"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clockSkewWhenNegativeThenRefusedByTheVerifierAndTheSingleLogoutAlike() {
        assertThatThrownBy(() -> SamlVerifier.builder().clockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clockSkew cannot be negative, not PT-1S");
        assertThatThrownBy(() -> SamlSingleLogout.builder().clockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clockSkew cannot be negative, not PT-1S");
    }

    @Test
    void atWhenGivenTheFiltersEndpointsBaseThenEveryUrlIsDerivedFromIt() {
        SamlServiceProvider sp = SamlServiceProvider.at("https://app.example/sso/").build();

        assertThat(sp.entityId()).isEqualTo("https://app.example/sso/saml");
        assertThat(sp.acsUrl()).isEqualTo("https://app.example/sso/saml/acs");
        assertThat(sp.sloUrl()).contains("https://app.example/sso/saml/slo");
    }
}
