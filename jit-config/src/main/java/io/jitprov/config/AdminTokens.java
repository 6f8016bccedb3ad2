package io.jitprov.config;

import io.jitprov.core.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The back office's API tokens, kept only as SHA-256 hashes under an id (several at once, so that
 * one can be rotated while the next is in use). A presented token is hashed and compared with
 * every hash, each in constant time, so that neither the answer nor its timing says how close a
 * guess came.
 */
final class AdminTokens {

    /** Longer than any token we issue; a longer header is not hashed. */
    private static final int MAX_TOKEN_CHARS = 512;

    private final Map<String, byte[]> hashes;

    private AdminTokens(Map<String, byte[]> hashes) {
        this.hashes = Map.copyOf(hashes);
    }

    static AdminTokens none() {
        return new AdminTokens(Map.of());
    }

    /**
     * @throws IllegalArgumentException when an id is used twice or a hash is not 64 hex digits
     */
    AdminTokens with(String id, String sha256Hex) {
        if (!sha256Hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("The hash of API token [" + id + "] must be its SHA-256, 64 hex digits");
        }
        if (id.isEmpty() || id.length() > 32 || !id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("An API token's id has 1 to 32 letters, digits, dots, dashes or"
                    + " underscores");
        }
        if (hashes.containsKey(id)) {
            throw new IllegalArgumentException("API token [" + id + "] is given twice");
        }
        Map<String, byte[]> more = new LinkedHashMap<>(hashes);
        more.put(id, HexFormat.of().parseHex(sha256Hex.toLowerCase(java.util.Locale.ROOT)));
        return new AdminTokens(more);
    }

    /** The id of the token {@code presented} is, if it is one. */
    Optional<String> idOf(String presented) {
        if (presented.isEmpty() || presented.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        byte[] hash = Sha256.of(presented.getBytes(StandardCharsets.UTF_8));
        String found = null;
        for (Map.Entry<String, byte[]> token : hashes.entrySet()) {
            if (MessageDigest.isEqual(hash, token.getValue())) {
                found = token.getKey(); // no early return: every hash is compared
            }
        }
        return Optional.ofNullable(found);
    }
}
