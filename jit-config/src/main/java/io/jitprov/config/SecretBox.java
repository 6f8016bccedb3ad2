package io.jitprov.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets kept in registry documents (an OpenID client secret) with AES-256-GCM under the
 * application's key, and opens them again. A sealed value names its key's id, so that a new key
 * can seal while older ones still open what they sealed; it is bound to the entry it belongs to,
 * so that a sealed value copied into another connection does not open there.
 */
final class SecretBox {

    private static final String PREFIX = "aes-gcm:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String sealingKeyId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    /** No key: nothing can be sealed or opened. */
    static final SecretBox NONE = new SecretBox("", Map.of());

    private SecretBox(String sealingKeyId, Map<String, SecretKey> keys) {
        this.sealingKeyId = sealingKeyId;
        this.keys = keys;
    }

    /**
     * @param keys key id → 32 bytes; the first seals, every one opens
     * @throws IllegalArgumentException for a key that is not 32 bytes, or an id with a colon
     */
    static SecretBox of(Map<String, byte[]> keys) {
        Map<String, SecretKey> byId = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (id.isEmpty() || id.contains(":") || id.length() > 64) {
                throw new IllegalArgumentException("A secret key's id has 1 to 64 characters and no colon");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("Secret key [" + id + "] must be 32 bytes (AES-256), not "
                        + key.length);
            }
            byId.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
        if (byId.isEmpty()) {
            return NONE;
        }
        return new SecretBox(byId.keySet().iterator().next(), Map.copyOf(byId));
    }

    boolean canSeal() {
        return !keys.isEmpty();
    }

    /** {@code aes-gcm:<key id>:<base64 of IV and ciphertext>}, bound to {@code context}. */
    String seal(String secret, String context) {
        if (!canSeal()) {
            throw new IllegalStateException("No secret key is configured, so secrets cannot be stored");
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(sealingKeyId), iv, context);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + sealingKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** The secret, or empty when the value is not sealed by one of the keys for {@code context}. */
    Optional<String> open(String sealed, String context) {
        Objects.requireNonNull(sealed, "sealed cannot be null");
        if (!sealed.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int colon = sealed.indexOf(':', PREFIX.length());
        if (colon < 0) {
            return Optional.empty();
        }
        SecretKey key = keys.get(sealed.substring(PREFIX.length(), colon));
        if (key == null) {
            return Optional.empty();
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(colon + 1));
            if (in.length <= IV_BYTES) {
                return Optional.empty();
            }
            byte[] iv = new byte[IV_BYTES];
            System.arraycopy(in, 0, iv, 0, IV_BYTES);
            byte[] plain = cipher(Cipher.DECRYPT_MODE, key, iv, context).doFinal(in, IV_BYTES, in.length - IV_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty(); // tampered, moved from another entry, or not Base64: not a secret of ours
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] iv, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
