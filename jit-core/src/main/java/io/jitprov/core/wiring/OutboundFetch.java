package io.jitprov.core.wiring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One request under an {@link OutboundPolicy}. HTTPS goes through {@link HttpsURLConnection} with
 * a socket factory whose sockets check the address they are about to connect to (the one DNS gave
 * for this connection, whatever it said before) and again once connected, before TLS. A GET
 * follows redirects here, each checked like the first URL; a watchdog ends an exchange at its
 * deadline, however slowly the server answers.
 */
final class OutboundFetch {

    /** Cuts off exchanges that outlive their deadline; one daemon thread for the whole JVM. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "jit-outbound-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final OutboundPolicy policy;
    private final long deadline;
    /** The plain sockets under this fetch's TLS connections: what the watchdog closes first. */
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    OutboundFetch(OutboundPolicy policy) {
        this.policy = policy;
        this.deadline = System.nanoTime() + policy.timeout().toNanos();
    }

    OutboundPolicy.Answer send(String method, URI url, Map<String, String> headers, @Nullable String body)
            throws IOException {
        URI current = url;
        for (int hop = 0; ; hop++) {
            HttpURLConnection connection = open(current, method, headers);
            // The read timeout bounds each read, not the answer: a server that drips its headers, or
            // its TLS handshake, is cut off at the deadline from outside.
            AtomicBoolean late = new AtomicBoolean();
            ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
                late.set(true);
                // The plain socket first: closing a TLS socket waits for its reader's lock, and the
                // reader of a dripping server never lets go; under it, the blocked read fails at once.
                sockets.forEach(OutboundFetch::closeQuietly);
                connection.disconnect();
            }, remainingMillis(), TimeUnit.MILLISECONDS);
            try {
                if (body != null) {
                    connection.setDoOutput(true);
                    try (OutputStream out = connection.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int status = connection.getResponseCode();
                if (method.equals("GET") && status / 100 == 3 && connection.getHeaderField("Location") != null) {
                    if (hop >= policy.maxRedirects()) {
                        throw new IOException("More than " + policy.maxRedirects() + " redirects from " + url);
                    }
                    current = resolve(current, connection.getHeaderField("Location"));
                    continue;
                }
                byte[] answer = body(connection, status);
                return new OutboundPolicy.Answer(status, connection.getHeaderFields(), answer);
            } catch (IOException e) {
                if (late.get()) {
                    throw new IOException("No complete answer from [" + current.getHost() + "] within "
                            + policy.timeout().toMillis() + " ms", e);
                }
                throw e;
            } finally {
                alarm.cancel(false);
                connection.disconnect();
            }
        }
    }

    private HttpURLConnection open(URI url, String method, Map<String, String> headers) throws IOException {
        String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        if (!https && !(scheme.equals("http") && policy.httpAllowed())) {
            throw new IOException("[" + url + "] is not an https URL" + (scheme.equals("http")
                    ? " (the application has not allowed plain http)" : ""));
        }
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new IOException("[" + url + "] must name a host, without user information");
        }
        // Before connecting too: a refusal says why at once, instead of after a connect timeout.
        refuseInternal(url.getHost());
        // Never through a JVM-wide proxy: the address connected to would be the proxy's.
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestMethod(method);
        int remaining = remainingMillis();
        connection.setConnectTimeout(remaining);
        connection.setReadTimeout(remaining);
        headers.forEach(connection::setRequestProperty);
        if (connection instanceof HttpsURLConnection tls) {
            tls.setSSLSocketFactory(new CheckingSocketFactory(policy.tls().isPresent()
                    ? policy.tls().get().getSocketFactory() : defaultFactory(), policy, sockets::add));
        }
        return connection;
    }

    private void refuseInternal(String host) throws IOException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new IOException("[" + host + "] has no address", e);
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                throw new IOException("Refused to connect to [" + host + "]: " + refusal.get());
            }
        }
    }

    private byte[] body(HttpURLConnection connection, int status) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in == null) {
                return new byte[0];
            }
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (bytes.size() + n > policy.maxBytes()) {
                    throw new IOException("The answer is larger than " + policy.maxBytes() + " bytes");
                }
                bytes.write(buffer, 0, n);
                // A server that drips its answer would hold the thread read timeout after read timeout.
                remainingMillis();
            }
        }
        return bytes.toByteArray();
    }

    private int remainingMillis() throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new IOException("No complete answer within " + policy.timeout().toMillis() + " ms");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }

    private static URI resolve(URI base, String location) throws IOException {
        try {
            return base.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("The redirect to [" + location + "] is not a URL", e);
        }
    }

    private static SSLSocketFactory defaultFactory() throws IOException {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("No TLS in this JVM", e);
        }
    }

    /**
     * Gives {@link HttpsURLConnection} plain sockets that check the address they are asked to
     * connect to, the one DNS gave for this very connection, before any packet leaves; TLS is then
     * layered on the connected socket, whose address is checked once more.
     */
    static final class CheckingSocketFactory extends SSLSocketFactory {

        private final SSLSocketFactory tls;
        private final OutboundPolicy policy;
        private final Consumer<Socket> created;

        CheckingSocketFactory(SSLSocketFactory tls, OutboundPolicy policy, Consumer<Socket> created) {
            this.tls = tls;
            this.policy = policy;
            this.created = created;
        }

        @Override
        public Socket createSocket() {
            Socket socket = new CheckedSocket(policy);
            created.accept(socket);
            return socket;
        }

        @Override
        public Socket createSocket(Socket connected, String host, int port, boolean autoClose) throws IOException {
            InetAddress reached = connected.getInetAddress();
            Optional<String> refusal = reached == null ? Optional.of("not connected") : policy.refusal(reached);
            if (refusal.isPresent()) {
                connected.close();
                throw new IOException("Refused to connect to [" + host + "]: " + refusal.get());
            }
            return tls.createSocket(connected, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw unsupported();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            throw unsupported();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw unsupported();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
                throws IOException {
            throw unsupported();
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        private static IOException unsupported() {
            return new IOException("Only sockets connected by the caller are wrapped");
        }
    }

    /** A plain socket that will not connect to an address the policy refuses. */
    static final class CheckedSocket extends Socket {

        private final OutboundPolicy policy;

        CheckedSocket(OutboundPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress inet) || inet.getAddress() == null) {
                throw new IOException("Refused to connect to [" + endpoint + "]: not a resolved address");
            }
            Optional<String> refusal = policy.refusal(inet.getAddress());
            if (refusal.isPresent()) {
                close();
                throw new IOException("Refused to connect to [" + inet.getHostString() + "]: " + refusal.get());
            }
            super.connect(endpoint, timeout);
        }
    }
}
