package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.security.SecurityException;
import org.opensaml.xmlsec.crypto.XMLSigningUtil;
import org.w3c.dom.Element;

/** Encoding and decoding of SAML protocol messages as the HTTP bindings carry them. */
final class SamlMessages {

    private static final int ID_BYTES = 20;

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
        // Drop line breaks and spaces into a byte array: base64 is ASCII, anything else is refused.
        byte[] compact = new byte[encoded.length()];
        int length = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
                continue;
            }
            if (c > 0x7f) {
                throw notBase64();
            }
            compact[length++] = (byte) c;
        }
        if (length == 0) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The SAML message is empty");
        }
        byte[] decoded;
        try {
            ByteBuffer buffer = Base64.getDecoder().decode(ByteBuffer.wrap(compact, 0, length));
            decoded = new byte[buffer.remaining()];
            buffer.get(decoded);
        } catch (IllegalArgumentException e) {
            throw notBase64();
        }
        if (decoded.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return decoded;
    }

    private static JitAuthenticationException notBase64() {
        return new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The SAML message is not valid base64");
    }

    private static JitAuthenticationException tooLarge(int maxBytes) {
        return new JitAuthenticationException(JitErrorCodes.MESSAGE_TOO_LARGE,
                "The SAML message is larger than " + maxBytes + " bytes");
    }

    /** A fresh message ID: 160 random bits, prefixed so that it is a valid xs:ID. */
    static String newId(SecureRandom random) {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }

    static Element marshall(XMLObject object) {
        try {
            return XMLObjectSupport.marshall(object);
        } catch (MarshallingException e) {
            throw new IllegalStateException("A SAML message could not be serialised", e);
        }
    }

    static String deflateBase64(String xml) {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        try {
            deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    static byte[] signQuery(SamlCredential signer, String algorithm, String query) {
        try {
            return XMLSigningUtil.signWithURI(SamlSigning.credential(signer), algorithm,
                    query.getBytes(StandardCharsets.UTF_8));
        } catch (SecurityException e) {
            throw new IllegalStateException("The request could not be signed", e);
        }
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code decoded} is raw DEFLATE of XML (what the HTTP-Redirect binding sends) rather
     * than XML itself. Only the first bytes are inflated, so this costs nothing whatever the input.
     */
    static boolean isDeflatedXml(byte[] decoded) {
        int first = 0;
        while (first < decoded.length && Character.isWhitespace(decoded[first])) {
            first++;
        }
        if (first == decoded.length || decoded[first] == '<' || (decoded[first] & 0xff) == 0xef) {
            return false; // XML, or UTF-8 XML behind a byte order mark
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(decoded);
            byte[] start = new byte[16];
            int n = inflater.inflate(start);
            int i = 0;
            while (i < n && Character.isWhitespace(start[i])) {
                i++;
            }
            return i < n && start[i] == '<';
        } catch (DataFormatException e) {
            return false;
        } finally {
            inflater.end();
        }
    }

    /**
     * Inflates a Redirect-binding message (raw DEFLATE), refusing output beyond {@code maxBytes}
     * so a small compressed message cannot expand into a huge one.
     */
    static byte[] inflate(byte[] deflated, int maxBytes) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The SAML message is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The SAML message is not deflated");
        } finally {
            inflater.end();
        }
    }
}
