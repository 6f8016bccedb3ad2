package io.jitprov.saml.internal;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Redirect-binding query: the message, RelayState, and the signature over the raw query. */
public record RedirectQuery(String message, @Nullable String relayState, String sigAlg, byte[] signature,
        String signedContent) {

    public static RedirectQuery parse(String rawQuery, String messageParameter) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (raw.putIfAbsent(name, eq < 0 ? "" : pair.substring(eq + 1)) != null) {
                throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                        "Parameter " + JitError.quote(name) + " appears twice");
            }
        }
        String message = raw.get(messageParameter);
        if (message == null) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "No " + messageParameter + " parameter");
        }
        if (raw.get("Signature") == null || raw.get("SigAlg") == null) {
            throw new JitAuthenticationException(JitErrorCodes.SIGNATURE_MISSING, "The " + messageParameter
                    + " is not signed (no SigAlg and Signature)");
        }
        // Bindings 3.4.4.1: the signed octets are the parameters as received, in this order.
        StringBuilder signed = new StringBuilder(messageParameter).append('=').append(message);
        if (raw.containsKey("RelayState")) {
            signed.append("&RelayState=").append(raw.get("RelayState"));
        }
        signed.append("&SigAlg=").append(raw.get("SigAlg"));
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(decode(raw.get("Signature")));
        } catch (IllegalArgumentException e) {
            throw new JitAuthenticationException(JitErrorCodes.INVALID_SIGNATURE, "The Signature is not base64");
        }
        String relay = raw.containsKey("RelayState") ? decode(raw.get("RelayState")) : null;
        return new RedirectQuery(decode(message), relay, decode(raw.get("SigAlg")), signature, signed.toString());
    }

    public void verify(List<X509Certificate> trusted, SignaturePolicy policy, String what) {
        if (!policy.signatureAlgorithms().contains(sigAlg)) {
            throw new JitAuthenticationException(JitErrorCodes.ALGORITHM_NOT_ALLOWED, "The " + what
                    + " is signed with " + JitError.quote(sigAlg) + ", which is not allowed");
        }
        byte[] content = signedContent.getBytes(StandardCharsets.UTF_8);
        for (X509Certificate certificate : trusted) {
            if (policy.acceptsKey(certificate.getPublicKey())
                    && QuerySignatures.verifies(certificate.getPublicKey(), sigAlg, content, signature)) {
                return;
            }
        }
        throw new JitAuthenticationException(JitErrorCodes.INVALID_SIGNATURE, "The signature of the " + what
                + " does not verify with any of its signing keys");
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "A parameter is not URL-encoded");
        }
    }
}
