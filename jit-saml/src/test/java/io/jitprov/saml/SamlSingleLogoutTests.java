package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.saml.internal.OpenSaml;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SamlSingleLogoutTests {

    private static final String SLO = "https://app.example/saml/slo";

    private final SamlSingleLogout logout = logoutAt(TestResponse.NOW);

    private static SamlSingleLogout logoutAt(Instant now) {
        return SamlSingleLogout.builder()
                .serviceProvider(SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS)
                        .sloUrl(SLO).signingCredential(TestKeys.SP).build())
                .identityProviders(SamlIdentityProviders.of(SamlFixture.idp().build()))
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    /** A LogoutRequest as the IdP sends it, signed (enveloped) by {@code signer} unless null. */
    static String logoutRequestXml(@Nullable SamlCredential signer, String destination) throws Exception {
        return logoutRequestXml(signer, destination, request -> { });
    }

    /** As above, changed by {@code change} before it is signed. */
    private static String logoutRequestXml(@Nullable SamlCredential signer, String destination,
            Consumer<LogoutRequest> change) throws Exception {
        OpenSaml.ensureInitialized();
        LogoutRequest request = TestResponse.build(LogoutRequest.DEFAULT_ELEMENT_NAME);
        request.setID("_logout-" + System.nanoTime());
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(TestResponse.NOW);
        request.setDestination(destination);
        Issuer issuer = TestResponse.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(TestResponse.IDP);
        request.setIssuer(issuer);
        NameID nameId = TestResponse.build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue("alice-0001");
        request.setNameID(nameId);
        SessionIndex index = TestResponse.build(SessionIndex.DEFAULT_ELEMENT_NAME);
        index.setValue("_session-77");
        request.getSessionIndexes().add(index);
        change.accept(request);
        Signature signature = signer == null ? null : SamlSigning.prepare(request, signer);
        Element element = SamlMessages.marshall(request);
        if (signature != null) {
            Signer.signObject(signature);
        }
        return SerializeSupport.nodeToString(element);
    }

    static String redirectQuery(String xml, @Nullable SamlCredential signer, String relayState) {
        StringBuilder query = new StringBuilder("SAMLRequest=")
                .append(SamlMessages.urlEncode(SamlMessages.deflateBase64(xml)))
                .append("&RelayState=").append(SamlMessages.urlEncode(relayState));
        if (signer != null) {
            String algorithm = SamlSigning.signatureAlgorithm(signer.privateKey());
            query.append("&SigAlg=").append(SamlMessages.urlEncode(algorithm));
            byte[] signature = SamlMessages.signQuery(signer, algorithm, query.toString());
            query.append("&Signature=").append(SamlMessages.urlEncode(Base64.getEncoder().encodeToString(signature)));
        }
        return query.toString();
    }

    @Test
    void verifyPostWhenSignedByTheIdpThenLogoutEventForTheSubjectsSession() throws Exception {
        SamlLogoutRequest request = logout.verifyPost(TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO)), "rs");

        assertThat(request.event().issuer()).isEqualTo(TestResponse.IDP);
        assertThat(request.event().subject()).isEqualTo("alice-0001");
        assertThat(request.event().sessionIds()).containsExactly("_session-77");
        assertThat(request.requestId()).startsWith("_logout-");
        assertThat(request.relayState()).isEqualTo("rs");
    }

    @Test
    void verifyPostWhenUnsignedThenRefused() throws Exception {
        assertRefused(() -> logout.verifyPost(TestResponse.encode(logoutRequestXml(null, SLO)), null),
                JitErrorCodes.SIGNATURE_MISSING);
    }

    @Test
    void verifyPostWhenSignedByAnotherKeyThenRefused() throws Exception {
        assertRefused(() -> logout.verifyPost(TestResponse.encode(logoutRequestXml(TestKeys.ATTACKER, SLO)), null),
                JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyPostWhenReplayedThenRefused() throws Exception {
        String encoded = TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO));
        logout.verifyPost(encoded, null);

        assertRefused(() -> logout.verifyPost(encoded, null), JitErrorCodes.REPLAYED);
    }

    @Test
    void verifyPostWhenAddressedElsewhereOrStaleThenRefused() throws Exception {
        assertRefused(() -> logout.verifyPost(TestResponse.encode(
                logoutRequestXml(TestKeys.IDP, "https://other.example/slo")), null), JitErrorCodes.DESTINATION_MISMATCH);
        String fresh = TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO));
        assertRefused(() -> logoutAt(TestResponse.NOW.plus(Duration.ofMinutes(10))).verifyPost(fresh, null),
                JitErrorCodes.ASSERTION_EXPIRED);
    }

    @Test
    void verifyPostWhenDigestMethodIsUnknownThenAlgorithmNotAllowedNamingIt() throws Exception {
        Document doc = Xml.parse(logoutRequestXml(TestKeys.IDP, SLO));
        Xml.first(doc.getDocumentElement(), Xml.DS, "DigestMethod")
                .setAttribute("Algorithm", SamlSignatureAlgorithmTests.UNKNOWN_DIGEST);

        assertThatThrownBy(() -> logout.verifyPost(Xml.base64(doc), null))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.ALGORITHM_NOT_ALLOWED);
                    assertThat(e.error().description()).contains(SamlSignatureAlgorithmTests.UNKNOWN_DIGEST);
                });
    }

    @Test
    void verifyRedirectWhenQuerySignedByTheIdpThenLogoutEvent() throws Exception {
        String query = redirectQuery(logoutRequestXml(null, SLO), TestKeys.IDP, "/bye");

        SamlLogoutRequest request = logout.verifyRedirect(query);

        assertThat(request.event().subject()).isEqualTo("alice-0001");
        assertThat(request.relayState()).isEqualTo("/bye");
    }

    @Test
    void verifyRedirectWhenUnsignedOrTamperedThenRefused() throws Exception {
        assertRefused(() -> logout.verifyRedirect(redirectQuery(logoutRequestXml(null, SLO), null, "x")),
                JitErrorCodes.SIGNATURE_MISSING);
        String signed = redirectQuery(logoutRequestXml(null, SLO), TestKeys.IDP, "x");
        String otherRequest = SamlMessages.urlEncode(SamlMessages.deflateBase64(logoutRequestXml(null, SLO)));
        String tampered = "SAMLRequest=" + otherRequest + signed.substring(signed.indexOf("&RelayState="));
        assertRefused(() -> logout.verifyRedirect(tampered), JitErrorCodes.INVALID_SIGNATURE);
        assertRefused(() -> logout.verifyRedirect(redirectQuery(logoutRequestXml(null, SLO), TestKeys.ATTACKER, "x")),
                JitErrorCodes.INVALID_SIGNATURE);
    }

    @Test
    void verifyRedirectWhenDeflateBombThenRefusedWithoutInflatingItAll() {
        byte[] zeros = new byte[20 * 1024 * 1024];
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(zeros);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        String query = "SAMLRequest=" + SamlMessages.urlEncode(Base64.getEncoder().encodeToString(out.toByteArray()))
                + "&SigAlg=x&Signature=AAAA";

        assertRefused(() -> logout.verifyRedirect(query), JitErrorCodes.MESSAGE_TOO_LARGE);
    }

    @Test
    void responseRedirectUrlWhenAnsweringThenSignedLogoutResponseInResponseToTheRequest() throws Exception {
        SamlLogoutRequest request = logout.verifyPost(TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO)), "rs");

        String url = logout.responseRedirectUrl(request);

        assertThat(url).startsWith("https://idp.acme.test/slo?SAMLResponse=");
        String raw = URI.create(url).getRawQuery();
        String encoded = URLDecoder.decode(raw.substring("SAMLResponse=".length(), raw.indexOf('&')), StandardCharsets.UTF_8);
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(encoded));
        byte[] xml = new byte[16384];
        int length = inflater.inflate(xml);
        Element response = Xml.parse(new String(xml, 0, length, StandardCharsets.UTF_8)).getDocumentElement();
        assertThat(response.getLocalName()).isEqualTo("LogoutResponse");
        assertThat(response.getAttribute("InResponseTo")).isEqualTo(request.requestId());
        assertThat(raw).contains("&RelayState=rs&SigAlg=").contains("&Signature=");
    }

    @Test
    void verifyPostWhenIssuedInTheFutureOrPastItsNotOnOrAfterThenRefused() throws Exception {
        String fresh = TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO));
        String expired = TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO,
                request -> request.setNotOnOrAfter(TestResponse.NOW.minus(Duration.ofMinutes(2)))));

        assertRefused(() -> logoutAt(TestResponse.NOW.minus(Duration.ofMinutes(10))).verifyPost(fresh, null),
                JitErrorCodes.ASSERTION_NOT_YET_VALID);
        assertRefused(() -> logout.verifyPost(expired, null), JitErrorCodes.ASSERTION_EXPIRED);
    }

    @Test
    void verifyPostWhenTheIssuerIsMissingOrUnknownOrNoNameIdThenRefused() throws Exception {
        String noIssuer = TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO, request -> request.setIssuer(null)));
        String stranger = TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO,
                request -> request.getIssuer().setValue("https://stranger.test")));
        String nobody = TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO, request -> request.setNameID(null)));

        assertRefused(() -> logout.verifyPost(noIssuer, null), JitErrorCodes.UNKNOWN_ISSUER);
        assertRefused(() -> logout.verifyPost(stranger, null), JitErrorCodes.UNKNOWN_ISSUER);
        assertRefused(() -> logout.verifyPost(nobody, null), JitErrorCodes.SUBJECT_INVALID);
    }

    @Test
    void verifyPostWhenTheRequestIsDeflatedAsTheRedirectBindingDoesThenRefusedSayingSo() throws Exception {
        String deflated = SamlMessages.deflateBase64(logoutRequestXml(TestKeys.IDP, SLO));

        assertThatThrownBy(() -> logout.verifyPost(deflated, null))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> assertThat(e.error().description())
                        .isEqualTo("The LogoutRequest is DEFLATE-compressed: the HTTP-POST binding sends it uncompressed"));
    }

    @Test
    void verifyPostWhenTheMessageIsNoLogoutRequestThenMalformed() {
        assertRefused(() -> logout.verifyPost(TestResponse.valid().base64(), null), JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    void withoutAnSloUrlThereIsNoSingleLogoutAndWithoutASigningKeyTheAnswerIsUnsigned() throws Exception {
        SamlServiceProvider noSlo = SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS).build();
        SamlSingleLogout unsigned = SamlSingleLogout.builder()
                .serviceProvider(SamlServiceProvider.withEntityId(TestResponse.SP).acsUrl(TestResponse.ACS).sloUrl(SLO)
                        .build())
                .identityProviders(SamlIdentityProviders.of(SamlFixture.idp().build()))
                .clock(Clock.fixed(TestResponse.NOW, ZoneOffset.UTC)).build();

        assertThatThrownBy(() -> SamlSingleLogout.builder().serviceProvider(noSlo)
                .identityProviders(SamlIdentityProviders.of(SamlFixture.idp().build())).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sloUrl");
        String url = unsigned.responseRedirectUrl(unsigned.verifyPost(
                TestResponse.encode(logoutRequestXml(TestKeys.IDP, SLO)), null));
        assertThat(url).startsWith("https://idp.acme.test/slo?SAMLResponse=").doesNotContain("Signature=")
                .doesNotContain("RelayState=");
    }
}
