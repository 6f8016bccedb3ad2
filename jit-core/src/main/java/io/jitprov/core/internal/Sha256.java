package io.jitprov.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256: fixed-length keys for values of any length, and hashes kept instead of secrets. */
public final class Sha256 {

    private Sha256() {
    }

    /** The hash of {@code value}'s UTF-8 bytes, as lower-case hex. */
    public static String hex(String value) {
        return HexFormat.of().formatHex(of(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The hash of {@code value}'s UTF-8 bytes. */
    public static byte[] of(String value) {
        return of(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of {@code value}. */
    public static byte[] of(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
