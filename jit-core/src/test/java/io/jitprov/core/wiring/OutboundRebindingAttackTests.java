package io.jitprov.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding and slow DNS against {@link OutboundPolicy#fetch}, each in a child JVM whose
 * resolver (the JDK's own hosts-file name service, TTL 0) reads a FIFO this test answers: the
 * first lookup of the tenant's name gets a public address (192.0.2.1, never connected to), later
 * lookups get 127.0.0.1, where the "internal service" listens. Both were gaps a fresh-eyes review
 * found (now closed). Plain http under {@code allowHttp()} is checked before connecting only, and
 * name lookups are bounded by the system resolver: both documented on {@link OutboundPolicy}.
 */
class OutboundRebindingAttackTests {

    private static final String NAME = "rebind.attacker.example";

    @TempDir
    static Path dir;

    static Path store;
    static SSLContext tls;

    @BeforeAll
    static void keys() throws Exception {
        store = AttackSupport.keyStore(dir, "ip:127.0.0.1,dns:localhost");
        tls = AttackSupport.context(store);
    }

    /** The attacker's DNS: answer i of the list to the i-th lookup (the last one thereafter). */
    static final class FakeDns implements AutoCloseable {

        final Path fifo;
        final AtomicInteger served = new AtomicInteger();
        final List<String> log = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        FakeDns(String test, List<String> answers, long firstDelayMillis) throws Exception {
            fifo = dir.resolve(test + ".hosts");
            if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) {
                throw new IllegalStateException("mkfifo failed");
            }
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(firstDelayMillis);
                    for (int i = 0; !closed; i++) {
                        String answer = answers.get(Math.min(i, answers.size() - 1));
                        try (OutputStream out = new FileOutputStream(fifo.toFile())) {
                            if (closed) {
                                return;
                            }
                            out.write((answer + " " + NAME + "\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        served.incrementAndGet();
                        log.add(answer);
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    // the child is gone
                }
            });
            writer.setDaemon(true);
            writer.start();
        }

        @Override
        public void close() {
            closed = true;
            // Opened for reading and writing at once, a FIFO opens without waiting (Linux), and a
            // writer blocked on opening it for a reader goes on and sees closed.
            try (RandomAccessFile release = new RandomAccessFile(fifo.toFile(), "rw")) {
                release.getFD();
            } catch (IOException e) {
                // nothing waiting
            }
        }
    }

    /** Runs {@link RebindingChild} and returns its output. */
    private static String child(FakeDns dns, String url, boolean allowHttp, String allowed, long timeoutMillis,
            boolean trust, String proxy) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + dns.fifo, "-Dsun.net.inetaddr.ttl=0",
                "-cp", System.getProperty("java.class.path"), RebindingChild.class.getName(),
                url, String.valueOf(allowHttp), allowed, String.valueOf(timeoutMillis),
                trust ? store.toString() : "-", proxy));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * The name answers a public address to jit's own lookup and 127.0.0.1 to the one made for the
     * connection: the socket refuses that address before connecting, so the internal port sees no
     * connection, and an open port and a closed one give the same refusal (no port-scan oracle).
     */
    @Test
    void fetchWhenAnHttpsNameRebindsInsideThenRefusedBeforeConnectingAndOpenAndClosedPortsLookAlike() throws Exception {
        String open;
        String closed;
        int openConnections;
        try (RawServer internal = new RawServer("127.0.0.1", null, false, (s, r) -> Thread.sleep(500));
                FakeDns dns = new FakeDns("https-open", List.of("192.0.2.1", "127.0.0.1"), 0)) {
            open = child(dns, "https://" + NAME + ":" + internal.port() + "/", false, "-", 5000, true, "-");
            openConnections = internal.connections.get();
        }
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (FakeDns dns = new FakeDns("https-closed", List.of("192.0.2.1", "127.0.0.1"), 0)) {
            closed = child(dns, "https://" + NAME + ":" + closedPort + "/", false, "-", 5000, true, "-");
        }

        assertThat(open).contains("RESULT refused").contains("loopback"); // held: nothing is sent
        assertThat(openConnections).as("TCP connections made to the internal port").isZero();
        assertThat(open.replaceAll("\\d+", "N").replaceAll("(?s).*RESULT", "RESULT").replaceAll("(?s)ELAPSED.*", ""))
                .as("what an open and a closed internal port look like to the tenant")
                .isEqualTo(closed.replaceAll("\\d+", "N").replaceAll("(?s).*RESULT", "RESULT").replaceAll("(?s)ELAPSED.*", ""));
    }

    /**
     * A JVM-wide proxy (https.proxyHost, an egress proxy the application allowed) would make the
     * checked address the proxy's, and the proxy would resolve the name again: jit does not use it.
     */
    @Test
    void fetchWhenAJvmWideProxyIsSetThenItIsNotUsedAndTheTargetIsChecked() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        try (RawServer internal = new RawServer("127.0.0.1", null, false, (s, r) -> {
            s.setSoTimeout(2000);
            byte[] b = new byte[4096];
            int n = s.getInputStream().read(b);
            if (n > 0) {
                received.add(java.util.Arrays.copyOf(b, n));
            }
        }); FakeDns dns = new FakeDns("proxy", List.of("192.0.2.1", "127.0.0.1"), 0)) {
            String out = child(dns, "https://" + NAME + ":" + internal.port() + "/", false, "127.0.0.2/32", 5000, true,
                    "127.0.0.2");

            assertThat(out).contains("RESULT refused");
            assertThat(internal.connections.get()).as("connections the proxy opened to the internal service").isZero();
            assertThat(received).as("bytes jit sent to the internal service").isEmpty();
        }
    }
}
