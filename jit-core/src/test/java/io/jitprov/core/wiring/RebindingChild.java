package io.jitprov.core.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Runs one {@link OutboundPolicy#fetch} in a JVM of its own, whose resolver is the JDK's hosts-file
 * name service reading a FIFO the test answers through (-Djdk.net.hosts.file, -Dsun.net.inetaddr.ttl=0):
 * a DNS server the attacker controls, nothing of the component replaced.
 *
 * <p>Arguments: url, allowHttp (true|false), allowed CIDRs (comma-separated or -), timeout ms,
 * trust store (path or -), proxy bind address (an HTTP CONNECT proxy started here and set as the
 * JVM's https.proxyHost, or -). Prints {@code RESULT ok|refused ...} and {@code ELAPSED ms}.
 */
public final class RebindingChild {

    private RebindingChild() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        OutboundPolicy.Builder policy = OutboundPolicy.builder().timeout(Duration.ofMillis(Long.parseLong(args[3])));
        if (Boolean.parseBoolean(args[1])) {
            policy.allowHttp();
        }
        if (!args[2].equals("-")) {
            for (String cidr : args[2].split(",")) {
                policy.allow(cidr);
            }
        }
        if (!args[4].equals("-")) {
            policy.sslContext(trusting(Path.of(args[4])));
        }
        if (!args[5].equals("-")) {
            ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getByName(args[5]));
            Thread t = new Thread(() -> serveConnect(proxy));
            t.setDaemon(true);
            t.start();
            System.setProperty("https.proxyHost", args[5]);
            System.setProperty("https.proxyPort", String.valueOf(proxy.getLocalPort()));
            System.setProperty("http.proxyHost", args[5]);
            System.setProperty("http.proxyPort", String.valueOf(proxy.getLocalPort()));
        }
        long start = System.nanoTime();
        try {
            OutboundPolicy.Answer answer = policy.build().fetch(url, "*/*");
            System.out.println("RESULT ok " + answer.status() + " " + new String(answer.body(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            System.out.println("RESULT refused " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.println("ELAPSED " + (System.nanoTime() - start) / 1_000_000);
        System.out.flush();
        System.exit(0);
    }

    private static SSLContext trusting(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A plain HTTP CONNECT proxy, as an egress proxy is: it resolves the name it is asked for itself. */
    private static void serveConnect(ServerSocket proxy) {
        while (true) {
            try {
                Socket client = proxy.accept();
                new Thread(() -> {
                    try (client) {
                        String head = RawServer.readHead(client.getInputStream());
                        String[] target = head.split(" ")[1].split(":");
                        InetAddress resolved = InetAddress.getByName(target[0]);
                        System.out.println("PROXY CONNECT " + target[0] + " resolved to " + resolved.getHostAddress());
                        try (Socket upstream = new Socket(resolved, Integer.parseInt(target[1]))) {
                            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                                    .getBytes(StandardCharsets.ISO_8859_1));
                            Thread back = new Thread(() -> pipe(upstream, client));
                            back.setDaemon(true);
                            back.start();
                            pipe(client, upstream);
                            back.join(2000);
                        }
                    } catch (Exception e) {
                        System.out.println("PROXY " + e);
                    }
                }).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }
}
