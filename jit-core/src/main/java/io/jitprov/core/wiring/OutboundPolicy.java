package io.jitprov.core.wiring;

import io.jitprov.core.internal.Durations;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Where jit may connect when it fetches a URL it was given on someone else's word (a tenant's
 * metadata, discovery or key-set URL): HTTPS only, and only to public addresses, unless the
 * application allows more. The address is checked where the connection is made, after DNS, and
 * again at every redirect, so a name that resolves to an internal address (at once, or only on the
 * second lookup) is refused all the same.
 *
 * <p>Refused by default: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local
 * (169.254/16 with the cloud metadata service, fe80::/10), carrier-grade NAT (100.64/10), the
 * unspecified, broadcast and reserved addresses (0/8, 192.0.0/24, 198.18/15, 240/4), multicast,
 * and IPv4 addresses written as IPv6 (mapped, compatible, translated, NAT64, 6to4).
 *
 * <p>A JVM-wide proxy ({@code https.proxyHost}) is not used for these fetches: through a proxy,
 * the address connected to would be the proxy's. With {@link Builder#allowHttp()} a plain
 * {@code http} URL is checked before connecting only (the JDK gives no hold on the plain socket),
 * so a name whose DNS answer changes between the check and the connection is not caught: allow
 * plain http for tests and for IdPs inside the application's own network, never for URLs tenants
 * give. Name lookups are bounded by the system resolver's own timeout, not by {@link #timeout()}.
 *
 * <pre>{@code
 * OutboundPolicy policy = OutboundPolicy.publicInternet();                     // production
 * OutboundPolicy tests = OutboundPolicy.builder().allowHttp().allow("127.0.0.0/8").build();
 * }</pre>
 *
 * @since 0.1
 */
public final class OutboundPolicy {

    // Parsed once: the check runs for every connection.
    private static final Cidr PRIVATE_V6 = Cidr.parse("fc00::/7");
    private static final Cidr CGNAT = Cidr.parse("100.64.0.0/10");
    private static final List<Cidr> RESERVED = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("255.255.255.255/32"),
            Cidr.parse("240.0.0.0/4"), Cidr.parse("192.0.0.0/24"), Cidr.parse("198.18.0.0/15"));
    private static final List<Cidr> IPV4_IN_IPV6 = List.of(Cidr.parse("::ffff:0:0:0/96"), Cidr.parse("64:ff9b::/96"),
            Cidr.parse("64:ff9b:1::/48"), Cidr.parse("2002::/16"));
    private static final OutboundPolicy PUBLIC = builder().build();

    private final boolean httpAllowed;
    private final List<Cidr> allowed;
    private final int maxRedirects;
    private final Duration timeout;
    private final int maxBytes;
    private final @Nullable SSLContext tls;

    private OutboundPolicy(Builder b) {
        this.httpAllowed = b.httpAllowed;
        this.allowed = List.copyOf(b.allowed);
        this.maxRedirects = b.maxRedirects;
        this.timeout = b.timeout;
        this.maxBytes = b.maxBytes;
        this.tls = b.tls;
    }

    /** HTTPS to public addresses only, 5 seconds, 1 MiB, 3 redirects. */
    public static OutboundPolicy publicInternet() {
        return PUBLIC;
    }

    /** Starts a policy that allows what {@link #publicInternet()} allows, and what is added. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether plain {@code http://} URLs may be fetched (to allowed addresses). */
    public boolean httpAllowed() {
        return httpAllowed;
    }

    /** How many redirects one fetch may follow, each checked like the first URL. */
    public int maxRedirects() {
        return maxRedirects;
    }

    /** How long one fetch may take, redirects included. */
    public Duration timeout() {
        return timeout;
    }

    /** The largest body one fetch reads. */
    public int maxBytes() {
        return maxBytes;
    }

    /** A body fetched under this policy, with the status and the headers it came with. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        /** The first value of header {@code name}, in any case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).findFirst();
        }
    }

    /**
     * GETs {@code url} under this policy: its scheme, each address connected to (after DNS, and
     * at every redirect), the time and the size.
     *
     * @throws IOException when the fetch is refused by the policy (the message says why, never
     *     with a stack of the network's internals) or fails
     */
    public Answer fetch(URI url, String accept) throws IOException {
        return send("GET", url, Map.of("Accept", accept), null);
    }

    /**
     * Sends one request under this policy, as {@link #fetch} does; only a GET follows redirects
     * (any other answer, a redirect included, is returned as it came).
     *
     * @param body sent as is (with the {@code Content-Type} the headers give), or none
     * @throws IOException when the request is refused by the policy or fails
     */
    public Answer send(String method, URI url, Map<String, String> headers, @Nullable String body)
            throws IOException {
        return new OutboundFetch(this).send(method, url, headers, body);
    }

    /** The TLS context connections are made with; empty for the JVM's default. */
    Optional<SSLContext> tls() {
        return Optional.ofNullable(tls);
    }

    /** Why jit must not connect to {@code address}; empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        for (Cidr range : allowed) {
            if (range.contains(address)) {
                return Optional.empty();
            }
        }
        return internal(address).map(kind -> "[" + address.getHostAddress() + "] is " + kind
                + " (the application has not allowed it)");
    }

    private static Optional<String> internal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address (where cloud metadata services answer)");
        }
        if (address.isSiteLocalAddress() || PRIVATE_V6.contains(address)) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (CGNAT.contains(address)) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (RESERVED.stream().anyMatch(range -> range.contains(address))) {
            return Optional.of("not a public host address");
        }
        if (address instanceof Inet6Address six && embedsIpv4(six)) {
            return Optional.of("an IPv4 address written as IPv6");
        }
        return Optional.empty();
    }

    /**
     * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d),
     * NAT64 (64:ff9b::/96, and the local-use 64:ff9b:1::/48) and 6to4 (2002::/16): behind a
     * translator each reaches the IPv4 address it carries.
     */
    private static boolean embedsIpv4(Inet6Address address) {
        byte[] b = address.getAddress();
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        return zeroPrefix || IPV4_IN_IPV6.stream().anyMatch(range -> range.contains(address));
    }

    /** An address range, {@code 10.0.0.0/8} or {@code fd00::/8}. */
    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("[" + cidr + "] is not an address range like 10.0.0.0/8");
            }
            String literal = cidr.substring(0, slash);
            if (!literal.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("[" + cidr + "] must be an address, not a name");
            }
            byte[] network;
            try {
                network = InetAddress.getByName(literal).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("[" + cidr + "] is not an address range", e);
            }
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[" + cidr + "] has no valid prefix length", e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("[" + cidr + "] has a prefix longer than its address");
            }
            return new Cidr(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }

    /** Configures an {@link OutboundPolicy}. */
    public static final class Builder {

        private boolean httpAllowed;
        private final List<Cidr> allowed = new ArrayList<>();
        private int maxRedirects = 3;
        private Duration timeout = Duration.ofSeconds(5);
        private int maxBytes = 1024 * 1024;
        private @Nullable SSLContext tls;

        private Builder() {
        }

        /** Allows plain {@code http://} (to allowed addresses): tests and local IdPs only. */
        public Builder allowHttp() {
            this.httpAllowed = true;
            return this;
        }

        /**
         * Allows an address range refused by default, e.g. {@code 127.0.0.0/8} for tests or
         * {@code 10.20.0.0/16} for an IdP inside the application's own network.
         *
         * @throws IllegalArgumentException when {@code cidr} is not an address range (names are refused)
         */
        public Builder allow(String cidr) {
            allowed.add(Cidr.parse(Objects.requireNonNull(cidr, "cidr cannot be null")));
            return this;
        }

        /** How many redirects one fetch may follow; 3 by default. */
        public Builder maxRedirects(int maxRedirects) {
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects cannot be negative");
            }
            this.maxRedirects = maxRedirects;
            return this;
        }

        /** How long one fetch may take, redirects included; 5 seconds by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** The largest body one fetch reads; 1 MiB by default. */
        public Builder maxBytes(int maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive");
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** The TLS context to connect with (its trust store: a company CA); the JVM's default otherwise. */
        public Builder sslContext(SSLContext tls) {
            this.tls = Objects.requireNonNull(tls, "tls cannot be null");
            return this;
        }

        public OutboundPolicy build() {
            return new OutboundPolicy(this);
        }
    }
}
