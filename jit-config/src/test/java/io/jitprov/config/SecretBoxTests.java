package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Client secrets at rest: sealed under the application's key, bound to their connection, rotatable. */
class SecretBoxTests {

    private static final byte[] OLD = key(1);
    private static final byte[] NEW = key(2);

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    private static SecretBox box(Object... idsAndKeys) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (int i = 0; i < idsAndKeys.length; i += 2) {
            keys.put((String) idsAndKeys[i], (byte[]) idsAndKeys[i + 1]);
        }
        return SecretBox.of(keys);
    }

    @Test
    void openWhenSealedForThisConnectionThenTheSecretAndNeverTheSecretInTheSealedText() {
        SecretBox box = box("k1", OLD);

        String sealed = box.seal("s3cr3t-value", "acme-oidc");

        assertThat(sealed).startsWith("aes-gcm:k1:").doesNotContain("s3cr3t");
        assertThat(box.open(sealed, "acme-oidc")).contains("s3cr3t-value");
        assertThat(box.seal("s3cr3t-value", "acme-oidc")).as("a fresh IV every time").isNotEqualTo(sealed);
    }

    @Test
    void openWhenCopiedIntoAnotherConnectionOrTamperedWithThenNothing() {
        SecretBox box = box("k1", OLD);
        String sealed = box.seal("s3cr3t-value", "acme-oidc");
        byte[] raw = Base64.getDecoder().decode(sealed.substring("aes-gcm:k1:".length()));
        raw[raw.length - 1] ^= 1;

        assertThat(box.open(sealed, "globex-oidc")).as("bound to its connection").isEmpty();
        assertThat(box.open("aes-gcm:k1:" + Base64.getEncoder().encodeToString(raw), "acme-oidc")).isEmpty();
        assertThat(box.open("aes-gcm:k9:" + sealed.substring("aes-gcm:k1:".length()), "acme-oidc")).isEmpty();
        assertThat(box.open("aes-gcm:k1:not base64!", "acme-oidc")).isEmpty();
        assertThat(box.open("aes-gcm:k1:AAAA", "acme-oidc")).isEmpty();
        assertThat(box.open("plain", "acme-oidc")).isEmpty();
        assertThat(box("k1", NEW).open(sealed, "acme-oidc")).as("another key under the same id").isEmpty();
    }

    @Test
    void openWhenTheKeyRotatedThenOldSealsStillOpenAndNewOnesUseTheNewKey() {
        String old = box("k1", OLD).seal("before", "acme-oidc");
        SecretBox rotated = box("k2", NEW, "k1", OLD);

        assertThat(rotated.open(old, "acme-oidc")).contains("before");
        assertThat(rotated.seal("after", "acme-oidc")).startsWith("aes-gcm:k2:");
    }

    @Test
    void ofWhenAKeyIsNotAes256OrItsIdIsUnusableThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> box("k1", new byte[16])).withMessageContaining("32 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> box("k:1", OLD)).withMessageContaining("colon");
        assertThatIllegalStateException().isThrownBy(() -> SecretBox.NONE.seal("x", "c"));
    }
}
