package io.jitprov.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A URL given on a tenant's word is no way into the network: internal addresses are refused by
 * name or by number, before connecting and on the connected socket, at every redirect; time and
 * size are bounded. A real HTTPS server on loopback plays the IdP.
 */
class OutboundPolicyTests {

    @TempDir
    static Path keys;

    private HttpsServer server;
    private SSLContext tls;
    private volatile String redirectTo;
    private volatile int bodyBytes = 5;
    private volatile long delayMillis;

    @BeforeEach
    void start() throws Exception {
        tls = selfSigned();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (redirectTo != null) {
                exchange.getResponseHeaders().add("Location", redirectTo);
                exchange.sendResponseHeaders(302, -1);
            } else {
                byte[] body = "x".repeat(bodyBytes).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI local(String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private OutboundPolicy.Builder loopbackAllowed() {
        return OutboundPolicy.builder().allow("127.0.0.0/8").sslContext(tls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.5.6.7", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "255.255.255.255", "224.0.0.1",
        "::1", "::", "fe80::1", "fd00::1", "fc12:3456::1", "::ffff:169.254.169.254", "::127.0.0.1",
        "64:ff9b::a9fe:a9fe", "64:ff9b:1::a9fe:a9fe", "::ffff:0:a9fe:a9fe", "::ffff:0:7f00:1", "2002:a9fe:a9fe::1",
        "ff02::1", "192.0.0.8", "198.18.0.1", "198.19.255.255", "240.0.0.1"})
    void refusalWhenTheAddressIsInternalThenRefusedByDefault(String literal) throws Exception {
        assertThat(OutboundPolicy.publicInternet().refusal(InetAddress.getByName(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1",
        "2606:4700:4700::1111", "2a00:1450::1"})
    void refusalWhenTheAddressIsPublicThenAllowed(String literal) throws Exception {
        assertThat(OutboundPolicy.publicInternet().refusal(InetAddress.getByName(literal))).isEmpty();
    }

    @Test
    void allowWhenTheApplicationAllowsARangeThenOnlyThatRangeIsAllowed() throws Exception {
        OutboundPolicy policy = OutboundPolicy.builder().allow("10.20.0.0/16").allow("fd00:1::/32").build();

        assertThat(policy.refusal(InetAddress.getByName("10.20.3.4"))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByName("fd00:1::5"))).isEmpty();
        assertThat(policy.refusal(InetAddress.getByName("10.21.0.1"))).isPresent();
        assertThat(policy.refusal(InetAddress.getByName("169.254.169.254"))).isPresent();
        assertThatIllegalArgumentException().isThrownBy(() -> OutboundPolicy.builder().allow("intranet.example/8"));
        assertThatIllegalArgumentException().isThrownBy(() -> OutboundPolicy.builder().allow("10.0.0.0/33"));
        assertThatIllegalArgumentException().isThrownBy(() -> OutboundPolicy.builder().allow("10.0.0.0"));
    }

    @Test
    void fetchWhenAllowedThenTheBodyComesBackOverTlsThroughTheCheckedSocket() throws Exception {
        OutboundPolicy.Answer answer = loopbackAllowed().build().fetch(local("/metadata"), "application/xml");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("xxxxx");
    }

    @Test
    void fetchWhenTheUrlIsLoopbackByNumberOrByNameThenRefusedWithoutConnecting() {
        for (URI url : List.of(local("/"), URI.create("https://localhost:" + server.getAddress().getPort() + "/"),
                URI.create("https://[::1]:" + server.getAddress().getPort() + "/"))) {
            assertThatThrownBy(() -> OutboundPolicy.publicInternet().fetch(url, "*/*")).isInstanceOf(IOException.class)
                    .hasMessageContaining("Refused to connect").hasMessageContaining("loopback");
        }
    }

    @Test
    void fetchWhenTheSchemeIsNotHttpsThenRefusedUnlessAllowed() {
        assertThatThrownBy(() -> OutboundPolicy.publicInternet().fetch(URI.create("http://idp.example/metadata"), "*/*"))
                .isInstanceOf(IOException.class).hasMessageContaining("not an https URL");
        for (String url : List.of("file:///etc/passwd", "ftp://idp.example/x", "jar:file:/x.jar!/y")) {
            assertThatThrownBy(() -> loopbackAllowed().allowHttp().build().fetch(URI.create(url), "*/*"))
                    .isInstanceOf(IOException.class).hasMessageContaining("not an https URL");
        }
        assertThatThrownBy(() -> OutboundPolicy.publicInternet().fetch(
                URI.create("https://user:pw@idp.example/"), "*/*")).hasMessageContaining("without user information");
    }

    @Test
    void fetchWhenAnAllowedServerRedirectsInsideTheNetworkThenTheRedirectIsRefused() {
        for (String target : List.of("https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/",
                "http://127.0.0.1:1/", "https://[fd00::1]/")) {
            redirectTo = target;
            assertThatThrownBy(() -> OutboundPolicy.builder().allow("127.0.0.1/32").sslContext(tls).build()
                    .fetch(local("/"), "*/*")).isInstanceOf(IOException.class)
                    .satisfiesAnyOf(e -> assertThat(e).hasMessageContaining("Refused to connect"),
                            e -> assertThat(e).hasMessageContaining("not an https URL"));
        }
    }

    @Test
    void fetchWhenRedirectsGoOnAndOnThenRefusedAfterTheLimit() {
        redirectTo = local("/again").toString();

        assertThatThrownBy(() -> loopbackAllowed().maxRedirects(2).build().fetch(local("/"), "*/*"))
                .isInstanceOf(IOException.class).hasMessageContaining("More than 2 redirects");
    }

    @Test
    void fetchWhenTheBodyIsLargerThanAllowedThenRefused() {
        bodyBytes = 64 * 1024;

        assertThatThrownBy(() -> loopbackAllowed().maxBytes(1024).build().fetch(local("/"), "*/*"))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 1024 bytes");
    }

    @Test
    void fetchWhenTheServerDoesNotAnswerInTimeThenGivesUp() {
        delayMillis = 3000;
        long start = System.nanoTime();

        assertThatThrownBy(() -> loopbackAllowed().timeout(Duration.ofMillis(300)).build().fetch(local("/"), "*/*"))
                .isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void socketFactoryWhenTheConnectedAddressIsInternalThenClosedBeforeTls() throws Exception {
        // What DNS said before does not matter: the socket reached loopback, whatever name it was given.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket connected = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
            OutboundFetch.CheckingSocketFactory factory = new OutboundFetch.CheckingSocketFactory(
                    tls.getSocketFactory(), OutboundPolicy.publicInternet(), socket -> { });

            assertThatThrownBy(() -> factory.createSocket(connected, "idp.public.example", listener.getLocalPort(),
                    true)).isInstanceOf(IOException.class).hasMessageContaining("loopback");
            assertThat(connected.isClosed()).isTrue();
            assertThatThrownBy(() -> factory.createSocket("idp.public.example", 443)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void socketFactoryWhenItsSocketIsAskedToConnectInsideThenNoPacketLeaves() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket unconnected = new OutboundFetch.CheckingSocketFactory(tls.getSocketFactory(),
                        OutboundPolicy.publicInternet(), socket -> { }).createSocket()) {
            listener.setSoTimeout(300);

            assertThatThrownBy(() -> unconnected.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort()), 1000)).isInstanceOf(IOException.class).hasMessageContaining("loopback");
            assertThatThrownBy(listener::accept).as("no connection was made").isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** A key and certificate for 127.0.0.1 and localhost, made by the JDK's keytool, trusted by the client only. */
    private static SSLContext selfSigned() throws Exception {
        return AttackSupport.context(AttackSupport.keyStore(keys, "ip:127.0.0.1,ip:::1,dns:localhost"));
    }
}
