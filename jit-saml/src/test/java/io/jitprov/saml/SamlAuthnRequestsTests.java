package io.jitprov.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.jitprov.saml.internal.Pem;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Inflater;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SamlAuthnRequestsTests {

    private static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";

    private final SamlCredential spSigning = TestKeys.SP;
    private final SamlServiceProvider signingSp = SamlServiceProvider.withEntityId(TestResponse.SP)
            .acsUrl(TestResponse.ACS).signingCredential(spSigning).build();
    private final SamlAuthnRequests requests = SamlAuthnRequests.of(signingSp,
            Clock.fixed(TestResponse.NOW, ZoneOffset.UTC));

    @Test
    void redirectWhenSigningKeyThenDeflatedRequestAndQuerySignatureThatVerifies() throws Exception {
        SamlRedirect redirect = requests.redirect(SamlFixture.idp().build(), AuthnRequestOptions.builder()
                .relayState("/dashboard?tab=1").forceAuthn(true)
                .requestedAuthnContext(AuthnRequestOptions.Comparison.MINIMUM,
                        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract")
                .build());

        assertThat(redirect.url()).startsWith("https://idp.acme.test/sso?SAMLRequest=");
        Map<String, String> query = query(redirect.url());
        assertThat(query).containsKeys("SAMLRequest", "RelayState", "SigAlg", "Signature");
        assertThat(query.get("RelayState")).isEqualTo("/dashboard?tab=1");
        Element request = Xml.parse(inflate(query.get("SAMLRequest"))).getDocumentElement();
        assertThat(request.getLocalName()).isEqualTo("AuthnRequest");
        assertThat(request.getAttribute("ID")).isEqualTo(redirect.request().id()).startsWith("_");
        assertThat(request.getAttribute("Destination")).isEqualTo("https://idp.acme.test/sso");
        assertThat(request.getAttribute("AssertionConsumerServiceURL")).isEqualTo(TestResponse.ACS);
        assertThat(request.getAttribute("ForceAuthn")).isEqualTo("true");
        assertThat(request.getAttribute("IssueInstant")).isEqualTo("2026-03-01T12:00:00.000Z");
        assertThat(Xml.first(request, Xml.SAML, "Issuer").getTextContent()).isEqualTo(TestResponse.SP);
        assertThat(Xml.first(request, SAMLP, "RequestedAuthnContext").getAttribute("Comparison")).isEqualTo("minimum");
        assertThat(redirect.request().idpEntityId()).isEqualTo(TestResponse.IDP);

        // Bindings 3.4.4.1: the signature covers the raw query up to SigAlg, and verifies with the JDK.
        String raw = URI.create(redirect.url()).getRawQuery();
        String signed = raw.substring(0, raw.indexOf("&Signature="));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(spSigning.certificate().getPublicKey());
        verifier.update(signed.getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(query.get("Signature")))).isTrue();
    }

    @Test
    void redirectWhenNoSigningKeyAndIdpDoesNotAskThenUnsigned() {
        SamlServiceProvider plain = SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS).build();

        SamlRedirect redirect = SamlAuthnRequests.of(plain).redirect(
                SamlFixture.idp().wantAuthnRequestsSigned(false).build(), AuthnRequestOptions.defaults());

        assertThat(query(redirect.url())).containsOnlyKeys("SAMLRequest");
    }

    @Test
    void redirectWhenIdpWantsSignedRequestsAndNoKeyThenConfigurationError() {
        SamlServiceProvider plain = SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS).build();

        assertThatIllegalStateException().isThrownBy(() -> SamlAuthnRequests.of(plain)
                .redirect(SamlFixture.idp().build(), AuthnRequestOptions.defaults()))
                .withMessageContaining("wants signed AuthnRequests");
    }

    @Test
    void postAndRedirectWhenMetadataNamesAScriptAddressThenRefused() {
        SamlServiceProvider plain = SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS).build();
        for (String address : new String[] {"javascript:alert(document.domain)//", "JAVASCRIPT:x", "data:text/html,x",
                " https://idp.test/", "//idp.test/sso"}) {
            SamlIdentityProvider idp = SamlFixture.idp().wantAuthnRequestsSigned(false).ssoPostUrl(address)
                    .ssoRedirectUrl(address).build();

            assertThatIllegalStateException().as(address).isThrownBy(() -> SamlAuthnRequests.of(plain)
                    .post(idp, AuthnRequestOptions.defaults())).withMessageContaining("not an http(s) URL");
            assertThatIllegalStateException().as(address).isThrownBy(() -> SamlAuthnRequests.of(plain)
                    .redirect(idp, AuthnRequestOptions.defaults())).withMessageContaining("not an http(s) URL");
        }
    }

    @Test
    void redirectWhenCalledTwiceThenFreshIds() {
        String first = requests.redirect(SamlFixture.idp().build(), AuthnRequestOptions.defaults()).request().id();
        String second = requests.redirect(SamlFixture.idp().build(), AuthnRequestOptions.defaults()).request().id();

        assertThat(first).isNotEqualTo(second).hasSizeGreaterThanOrEqualTo(41);
    }

    @Test
    void postWhenSigningKeyThenEnvelopedSignatureThatTheJdkVerifies() throws Exception {
        SamlPostForm form = requests.post(SamlFixture.idp().build(),
                AuthnRequestOptions.builder().relayState("\"><script>alert(1)</script>").build());

        assertThat(form.action()).isEqualTo("https://idp.acme.test/sso-post");
        Document request = Xml.parse(new String(Base64.getDecoder().decode(form.fields().get("SAMLRequest")),
                StandardCharsets.UTF_8));
        Element root = request.getDocumentElement();
        assertThat(root.getAttribute("ID")).isEqualTo(form.request().id());
        root.setIdAttribute("ID", true);
        DOMValidateContext context = new DOMValidateContext(spSigning.certificate().getPublicKey(),
                Xml.signatureOf(root));
        assertThat(XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context).validate(context)).isTrue();
        assertThat(form.html()).contains("action=\"https://idp.acme.test/sso-post\"")
                .contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"")
                .doesNotContain("<script>");
    }

    @Test
    void optionsWhenRelayStateLongerThan80BytesThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> AuthnRequestOptions.builder().relayState("x".repeat(81)))
                .withMessage("relayState cannot be longer than 80 bytes");
    }

    @Test
    void metadataWhenServiceProviderHasKeysThenTheyArePublishedWithTheAcs() {
        SamlServiceProvider sp = SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS)
                .sloUrl("https://app.example/saml/slo").signingCredential(TestKeys.SP)
                .decryptionCredential(TestKeys.SP_OTHER).build();

        Element root = Xml.parse(SamlMetadata.forServiceProvider(sp)).getDocumentElement();

        assertThat(root.getAttribute("entityID")).isEqualTo(TestResponse.SP);
        String md = "urn:oasis:names:tc:SAML:2.0:metadata";
        Element descriptor = Xml.first(root, md, "SPSSODescriptor");
        assertThat(descriptor.getAttribute("AuthnRequestsSigned")).isEqualTo("true");
        assertThat(descriptor.getAttribute("WantAssertionsSigned")).isEqualTo("true");
        assertThat(Xml.first(root, md, "AssertionConsumerService").getAttribute("Location")).isEqualTo(TestResponse.ACS);
        assertThat(Xml.first(root, md, "SingleLogoutService").getAttribute("Location"))
                .isEqualTo("https://app.example/saml/slo");
        assertThat(root.getElementsByTagNameNS(md, "KeyDescriptor").getLength()).isEqualTo(2);
        assertThat(SamlMetadata.forServiceProvider(sp)).contains(Pem.encode(TestKeys.SP_OTHER.certificate()));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String inflate(String base64) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(base64));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!inflater.finished()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
