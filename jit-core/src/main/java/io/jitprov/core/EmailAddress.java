package io.jitprov.core;

import io.jitprov.core.internal.DomainNames;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An email address in the one spelling jit compares and stores: the local part in Unicode NFC
 * and lower case, the domain normalised as {@link io.jitprov.core.tenant.DomainRegistry} does, so
 * {@code Alice@ACME.test} and {@code alice@acme.test} are one address.
 *
 * <p>Quoted local parts, comments, whitespace and control characters are refused rather than
 * interpreted: identity providers do not send them, and every interpretation is a chance for two
 * systems to disagree about who an address belongs to.
 *
 * @since 0.1
 */
public final class EmailAddress {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_TOTAL = 254;
    private static final String FORBIDDEN = "\"(),:;<>[\\]@";

    private final String localPart;
    private final String domain;

    private EmailAddress(String localPart, String domain) {
        this.localPart = localPart;
        this.domain = domain;
    }

    /** Parses and normalises {@code address}, or returns empty when it is not an address jit accepts. */
    public static Optional<EmailAddress> parse(String address) {
        if (address.length() > MAX_TOTAL * 4) {
            return Optional.empty();
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        String local = Normalizer.normalize(address.substring(0, at), Normalizer.Form.NFC)
                .toLowerCase(Locale.ROOT);
        if (!isValidLocalPart(local)) {
            return Optional.empty();
        }
        return DomainNames.normalize(address.substring(at + 1))
                .filter(domain -> local.length() + 1 + domain.length() <= MAX_TOTAL)
                .map(domain -> new EmailAddress(local, domain));
    }

    private static boolean isValidLocalPart(String local) {
        if (local.isEmpty() || local.length() > MAX_LOCAL
                || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)
                    || FORBIDDEN.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The part before {@code @}, normalised. */
    public String localPart() {
        return localPart;
    }

    /** The domain, normalised (punycode, lower case, no trailing dot). */
    public String domain() {
        return domain;
    }

    /** The normalised address, {@code local@domain}. */
    public String value() {
        return localPart + "@" + domain;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof EmailAddress other
                && localPart.equals(other.localPart) && domain.equals(other.domain);
    }

    @Override
    public int hashCode() {
        return localPart.hashCode() * 31 + domain.hashCode();
    }

    @Override
    public String toString() {
        return value();
    }
}
