package io.jitprov.saml;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jitprov.core.FuzzBudget;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.VerifiedIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The SAML response path under fuzzing: whatever arrives, the verifier answers with a verified
 * identity or a typed refusal, never another exception, never a line logged at WARN or above, and
 * (while fuzzing) within a second. In every build these run over the committed inputs in
 * {@code SamlResponseFuzzTestsInputs/}; {@code JAZZER_FUZZ=1} fuzzes one of them for real
 * (README, "Fuzzing").
 */
class SamlResponseFuzzTests {

    private static final SamlVerifier VERIFIER = SamlFixture.verifier();

    /**
     * Answers {@code posted} the way the ACS would; fails on anything but an identity or a typed
     * refusal, and on anything logged at WARN or above (anyone can post: see SamlHostileInputLoggingTests).
     */
    private static void verify(String posted) {
        FuzzBudget.within(() -> assertThat(LogCapture.warningsDuring(() -> {
            try {
                VerifiedIdentity identity = VERIFIER.verify(posted, SamlFixture.request());
                assertThat(identity.issuer()).isEqualTo(TestResponse.IDP);
            } catch (JitAuthenticationException refused) {
                assertThat(refused.errors()).isNotEmpty();
            }
        })).isEmpty());
    }

    /** The XML of a response, as the fuzzer mutates it: structure, namespaces, signatures, entities. */
    @FuzzTest(maxDuration = "2m")
    void responseXml(byte[] xml) {
        verify(Base64.getEncoder().encodeToString(xml));
    }

    /** The form value as posted: base64 (or not), line breaks, padding, sizes. */
    @FuzzTest(maxDuration = "2m")
    void postedValue(byte[] posted) {
        verify(new String(posted, StandardCharsets.ISO_8859_1));
    }

    /**
     * Validly signed responses whose content the fuzzer picks: subjects, attributes, audiences,
     * times, addressing and status, so that the checks after the signature are fuzzed too.
     */
    @FuzzTest(maxDuration = "2m")
    void signedResponse(FuzzedDataProvider data) {
        TestResponse response = TestResponse.valid().with(r -> {
            r.nameId = data.consumeBoolean() ? data.consumeString(300) : r.nameId;
            r.nameIdFormat = data.pickValue(List.of(r.nameIdFormat, "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient", data.consumeString(80)));
            r.attributes.put(data.consumeString(120), List.of(data.consumeString(200), data.consumeString(50)));
            r.audiences = data.consumeBoolean() ? r.audiences : List.of(data.consumeString(100));
            r.destination = data.consumeBoolean() ? r.destination : data.consumeString(100);
            r.recipient = data.consumeBoolean() ? r.recipient : data.consumeString(100);
            r.inResponseTo = data.consumeBoolean() ? r.inResponseTo : data.consumeString(40);
            r.notOnOrAfter = TestResponse.NOW.plus(Duration.ofSeconds(data.consumeInt(-7200, 7200)));
            r.notBefore = TestResponse.NOW.plus(Duration.ofSeconds(data.consumeInt(-7200, 7200)));
            r.authnInstant = TestResponse.NOW.minus(Duration.ofSeconds(data.consumeInt(-7200, 7200)));
            r.statusCode = data.consumeBoolean() ? r.statusCode : data.consumeString(80);
            r.assertionIssuer = data.consumeBoolean() ? r.assertionIssuer : data.consumeString(80);
            r.authnStatement = data.consumeBoolean() || r.authnStatement;
        });
        String xml;
        try {
            xml = response.xml();
        } catch (IllegalStateException unbuildable) {
            return; // OpenSAML would not build such a response (e.g. an attribute name it cannot marshal)
        }
        verify(Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
