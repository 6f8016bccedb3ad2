package io.jitprov.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamlMetadataTests {

    @Test
    void parseWhenIdpMetadataThenKeysAndEndpoints() {
        SamlIdentityProvider idp = SamlMetadata.parseIdentityProvider(
                TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP, TestKeys.IDP_NEXT)).build();

        assertThat(idp.entityId()).isEqualTo(TestResponse.IDP);
        assertThat(idp.signingCertificates()).containsExactly(TestKeys.IDP.certificate(), TestKeys.IDP_NEXT.certificate());
        assertThat(idp.ssoRedirectUrl()).contains("https://idp.acme.test/sso");
        assertThat(idp.ssoPostUrl()).contains("https://idp.acme.test/sso-post");
        assertThat(idp.sloRedirectUrl()).contains("https://idp.acme.test/slo");
        assertThat(idp.wantAuthnRequestsSigned()).isTrue();
        assertThat(idp.unsolicitedResponsesAllowed()).isFalse();
        assertThat(idp.emailsVerified()).isFalse();
    }

    @Test
    void parseWhenAggregateThenTheNamedEntity() {
        String aggregate = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"
                + strip(TestResponse.idpMetadata("https://a.test", TestKeys.IDP))
                + strip(TestResponse.idpMetadata("https://b.test", TestKeys.IDP_NEXT))
                + "</md:EntitiesDescriptor>";

        assertThat(SamlMetadata.parseIdentityProvider(aggregate, "https://b.test").build().signingCertificates())
                .containsExactly(TestKeys.IDP_NEXT.certificate());
        assertThatIllegalArgumentException().isThrownBy(() -> SamlMetadata.parseIdentityProvider(aggregate))
                .withMessage("Metadata describes 2 entities; name the one to use");
    }

    @Test
    void parseWhenNoSigningKeyThenRefused() {
        String noKeys = TestResponse.idpMetadata(TestResponse.IDP);

        assertThatIllegalArgumentException().isThrownBy(() -> SamlMetadata.parseIdentityProvider(noKeys))
                .withMessage("Metadata of [" + TestResponse.IDP + "] has no signing certificate");
    }

    @Test
    void parseWhenNotMetadataOrHostileThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SamlMetadata.parseIdentityProvider("<html/>"));
        assertThatIllegalArgumentException().isThrownBy(() -> SamlMetadata.parseIdentityProvider(
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
                .withMessageContaining("DOCTYPE");
    }

    @Test
    void parseWhenSpMetadataOrAnUnknownEntityOrAnEncryptionOnlyKeyThenRefusedWithTheReason() {
        String sp = SamlMetadata.forServiceProvider(SamlFixture.sp());
        String encryptionOnly = TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP)
                .replace("<md:KeyDescriptor use=\"signing\"", "<md:KeyDescriptor use=\"encryption\"");

        assertThatIllegalArgumentException().isThrownBy(() -> SamlMetadata.parseIdentityProvider(sp))
                .withMessageContaining("has no IDPSSODescriptor");
        assertThatIllegalArgumentException().isThrownBy(() -> SamlMetadata.parseIdentityProvider(
                TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP), "https://other.test"))
                .withMessage("Metadata describes no entity [https://other.test]");
        assertThatIllegalArgumentException().isThrownBy(() -> SamlMetadata.parseIdentityProvider(encryptionOnly))
                .withMessage("Metadata of [" + TestResponse.IDP + "] has no signing certificate");
        assertThatIllegalArgumentException().isThrownBy(() -> SamlMetadata.parseIdentityProvider(
                "<md:AffiliationDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" AffiliationOwnerID=\"x\"/>"))
                .withMessageContaining("neither EntityDescriptor nor EntitiesDescriptor");
    }

    @Test
    void parseWhenAggregateAndEntityBothBoundTheirLifeThenTheEarliestAndShortestHold() {
        String aggregate = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " validUntil=\"2026-04-01T00:00:00Z\" cacheDuration=\"PT6H\"><md:EntitiesDescriptor>"
                + strip(TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP)).replaceFirst("<md:EntityDescriptor",
                        "<md:EntityDescriptor validUntil=\"2026-03-15T00:00:00Z\" cacheDuration=\"PT12H\"")
                + "</md:EntitiesDescriptor></md:EntitiesDescriptor>";

        SamlMetadata.Parsed parsed = SamlMetadata.parse(aggregate, null, List.of());

        assertThat(parsed.validUntil()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(parsed.cacheDuration()).isEqualTo(Duration.ofHours(6));
        assertThat(parsed.identityProvider().build().entityId()).isEqualTo(TestResponse.IDP);
    }

    private static String strip(String xml) {
        // Nested EntityDescriptors inherit the namespace declaration from the aggregate.
        return xml.replace(" xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"", "");
    }
}
