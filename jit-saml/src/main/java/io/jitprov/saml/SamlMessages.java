package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.util.Base64;

/** Decoding of SAML protocol messages as the HTTP bindings carry them. */
final class SamlMessages {

    private SamlMessages() {
    }

    /**
     * Decodes a base64 form parameter (line breaks and spaces allowed, nothing else), refusing
     * before any work when it is longer than {@code maxBytes} can be.
     */
    static byte[] decodeBase64(String encoded, int maxBytes) {
        // Base64 grows 4/3; allow line breaks every 64 characters on top.
        long ceiling = (long) maxBytes * 4 / 3 + 4 + (long) maxBytes / 32 + 1024;
        if (encoded.length() > ceiling) {
            throw tooLarge(maxBytes);
        }
        StringBuilder compact = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
                compact.append(c);
            }
        }
        if (compact.length() == 0) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The SAML message is empty");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The SAML message is not valid base64");
        }
        if (decoded.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return decoded;
    }

    private static JitAuthenticationException tooLarge(int maxBytes) {
        return new JitAuthenticationException(JitErrorCodes.MESSAGE_TOO_LARGE,
                "The SAML message is larger than " + maxBytes + " bytes");
    }
}
