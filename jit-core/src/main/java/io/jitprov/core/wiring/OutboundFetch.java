package io.jitprov.core.wiring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * One GET under an {@link OutboundPolicy}. HTTPS goes through {@link HttpsURLConnection} with a
 * socket factory that sees the TCP connection before TLS is layered on it, so the address checked
 * is the one connected to, whatever DNS answered before. Redirects are followed here, each one
 * checked like the first URL.
 */
final class OutboundFetch {

    private final OutboundPolicy policy;
    private final long deadline;

    OutboundFetch(OutboundPolicy policy) {
        this.policy = policy;
        this.deadline = System.nanoTime() + policy.timeout().toNanos();
    }

    OutboundPolicy.Answer get(URI url, String accept) throws IOException {
        URI current = url;
        for (int hop = 0; ; hop++) {
            HttpURLConnection connection = open(current, accept);
            try {
                int status = connection.getResponseCode();
                if (status / 100 == 3 && connection.getHeaderField("Location") != null) {
                    if (hop >= policy.maxRedirects()) {
                        throw new IOException("More than " + policy.maxRedirects() + " redirects from " + url);
                    }
                    current = resolve(current, connection.getHeaderField("Location"));
                    continue;
                }
                byte[] body = body(connection, status);
                return new OutboundPolicy.Answer(status, connection.getHeaderFields(), body);
            } finally {
                connection.disconnect();
            }
        }
    }

    private HttpURLConnection open(URI url, String accept) throws IOException {
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
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        int remaining = remainingMillis();
        connection.setConnectTimeout(remaining);
        connection.setReadTimeout(remaining);
        connection.setRequestProperty("Accept", accept);
        if (connection instanceof HttpsURLConnection tls) {
            tls.setSSLSocketFactory(new CheckingSocketFactory(policy.tls().isPresent()
                    ? policy.tls().get().getSocketFactory() : defaultFactory(), policy));
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
     * Refuses to make unconnected TLS sockets, so that {@link HttpsURLConnection} connects a plain
     * socket and hands it here to be wrapped: the moment to check the address it reached.
     */
    static final class CheckingSocketFactory extends SSLSocketFactory {

        private final SSLSocketFactory tls;
        private final OutboundPolicy policy;

        CheckingSocketFactory(SSLSocketFactory tls, OutboundPolicy policy) {
            this.tls = tls;
            this.policy = policy;
        }

        @Override
        public Socket createSocket() throws IOException {
            // The JDK falls back to a plain socket on exactly this (HttpsClient.createSocket).
            SocketException unconnected = new SocketException("Unconnected sockets are not made here");
            unconnected.initCause(new UnsupportedOperationException());
            throw unconnected;
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
            return new SocketException("Only sockets connected by the caller are wrapped");
        }
    }
}
