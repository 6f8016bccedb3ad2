package io.jitprov.testidp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the test IdP sends a browser with a signed answer: an http(s) address on this machine, or
 * on an origin the builder allowed. A page elsewhere cannot use it to mint answers for itself.
 */
final class RedirectTargets {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private final List<String> origins;

    RedirectTargets(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    boolean allows(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawFragment() != null || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (LOOPBACK.contains(host)) {
            return true;
        }
        String origin = scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return origins.contains(origin);
    }

    /** The rule in words, for a refusal. */
    String rule() {
        return "the test IdP answers http(s) addresses on 127.0.0.1 or localhost"
                + (origins.isEmpty() ? "" : " or at " + String.join(", ", origins));
    }
}
