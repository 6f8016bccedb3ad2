package io.jitprov.saml;

import static io.jitprov.saml.SamlFixture.assertRefused;
import static io.jitprov.saml.SamlFixture.request;
import static io.jitprov.saml.SamlFixture.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.saml.internal.SecureXml;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken input: every case is a typed refusal, nothing escapes, nothing is fetched. */
class SamlInputTests {

    private static final String RESPONSE_OPEN = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
            + " ID=\"_x\" Version=\"2.0\" IssueInstant=\"2026-03-01T12:00:00Z\">";

    @Test
    void xxeWhenExternalEntityPointsAtAFileThenRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + RESPONSE_OPEN + "&xxe;</samlp:Response>";

        assertThatThrownBy(() -> verifier().verify(TestResponse.encode(xml), request()))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.MALFORMED_MESSAGE);
                    assertThat(e.error().description()).contains("DOCTYPE").doesNotContain("TOP-SECRET");
                });
    }

    @Test
    void xxeWhenExternalEntityPointsAtANetworkAddressThenNoConnectionIsMade() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(300);
            AtomicBoolean connected = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                try {
                    listener.accept().close();
                    connected.set(true);
                } catch (IOException timeout) {
                    // nobody came: what we want
                }
            });
            watcher.start();
            String xml = "<!DOCTYPE r SYSTEM \"http://127.0.0.1:" + listener.getLocalPort() + "/evil.dtd\">"
                    + RESPONSE_OPEN + "</samlp:Response>";

            assertRefused(() -> verifier().verify(TestResponse.encode(xml), request()), JitErrorCodes.MALFORMED_MESSAGE);
            watcher.join();
            assertThat(connected).isFalse();
        }
    }

    @Test
    @Timeout(10) // a hang guard, not a speed target: without the DOCTYPE ban this would not finish
    void billionLaughsWhenEntitiesExpandExponentiallyThenRefused() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        String xml = dtd + "]>" + RESPONSE_OPEN + "&lol9;</samlp:Response>";

        assertRefused(() -> verifier().verify(TestResponse.encode(xml), request()), JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    void base64WhenMalformedThenRefused() {
        assertRefused(() -> verifier().verify("not base64 at all!!", request()), JitErrorCodes.MALFORMED_MESSAGE);
        assertRefused(() -> verifier().verify("PHNhbWxw%%%", request()), JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    void emptyWhenNothingPostedThenRefused() {
        assertRefused(() -> verifier().verify("", request()), JitErrorCodes.MALFORMED_MESSAGE);
        assertRefused(() -> verifier().verify(" \r\n", request()), JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    @Timeout(10)
    void sizeWhenTenMebibytesPostedThenRefusedBeforeDecoding() {
        String huge = "A".repeat(10 * 1024 * 1024);

        assertRefused(() -> verifier().verify(huge, request()), JitErrorCodes.MESSAGE_TOO_LARGE);
    }

    @Test
    void sizeWhenDecodedJustOverTheLimitThenRefused() {
        String padding = "<!--" + "x".repeat(SamlVerifier.DEFAULT_MAX_RESPONSE_BYTES) + "-->";

        assertRefused(() -> verifier().verify(TestResponse.encode(RESPONSE_OPEN + padding + "</samlp:Response>"),
                request()), JitErrorCodes.MESSAGE_TOO_LARGE);
    }

    @Test
    void verifyWhenResponseIsDeflatedAsTheRedirectBindingDoesThenRefusedSayingSo() {
        String deflated = SamlMessages.deflateBase64(TestResponse.valid().xml());

        assertThatThrownBy(() -> verifier().verify(deflated, request()))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.MALFORMED_MESSAGE);
                    assertThat(e.error().description()).isEqualTo(
                            "The response is DEFLATE-compressed: the HTTP-POST binding sends it uncompressed");
                });
    }

    @Test
    void verifyWhenBinaryThatIsNotDeflatedThenRefusedAsXml() {
        String binary = java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5});

        assertThatThrownBy(() -> verifier().verify(binary, request()))
                .isInstanceOfSatisfying(JitAuthenticationException.class, e ->
                        assertThat(e.error().description()).doesNotContain("DEFLATE"));
    }

    @Test
    void xmlWhenTruncatedThenRefused() {
        String xml = TestResponse.valid().xml();

        assertRefused(() -> verifier().verify(TestResponse.encode(xml.substring(0, xml.length() / 2)), request()),
                JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    void xmlWhenNotAResponseThenRefused() {
        assertRefused(() -> verifier().verify(TestResponse.encode("<html><body>hi</body></html>"), request()),
                JitErrorCodes.MALFORMED_MESSAGE);
        assertRefused(() -> verifier().verify(TestResponse.encode("<samlp:AuthnRequest xmlns:samlp="
                + "\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_1\"/>"), request()), JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    void xmlWhenNestedDeeperThanTheLimitThenRefused() {
        String deep = "<a>".repeat(SecureXml.MAX_DEPTH + 10) + "</a>".repeat(SecureXml.MAX_DEPTH + 10);

        assertRefused(() -> verifier().verify(TestResponse.encode(RESPONSE_OPEN + deep + "</samlp:Response>"),
                request()), JitErrorCodes.MALFORMED_MESSAGE);
    }

    @Test
    void xmlWhenResponseHasNoAssertionThenAssertionMissing() {
        assertRefused(() -> verifier().verify(TestResponse.encode(RESPONSE_OPEN + "</samlp:Response>"), request()),
                JitErrorCodes.ASSERTION_MISSING);
    }

    @Test
    void xmlWhenResponseIsGarbageInsideValidShapeThenTypedRefusal() {
        String xml = RESPONSE_OPEN + "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_a\""
                + " IssueInstant=\"yesterday\" Version=\"9\"><saml:Issuer>" + TestResponse.IDP
                + "</saml:Issuer></saml:Assertion></samlp:Response>";

        assertThatThrownBy(() -> verifier().verify(TestResponse.encode(xml), request()))
                .isInstanceOf(JitAuthenticationException.class);
    }
}
