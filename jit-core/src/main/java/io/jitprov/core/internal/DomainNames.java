package io.jitprov.core.internal;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the many spellings of one domain into one: lower case, IDN to punycode, no trailing dot.
 * Anything that is not a plain multi-label host name (an address, a path, an empty label, a
 * single label) is refused rather than repaired, and so is a name with one of the four
 * characters IDNA2003 and IDNA2008 disagree on ({@code ß}, final {@code ς}, ZWJ, ZWNJ), so a
 * lookalike never normalises onto a real domain.
 */
public final class DomainNames {

    private static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL = 63;

    private DomainNames() {
    }

    public static Optional<String> normalize(String domain) {
        if (domain.isEmpty() || domain.length() > 4 * MAX_LENGTH || hasDeviation(domain)) {
            return Optional.empty();
        }
        String withoutDot = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        String ascii;
        try {
            ascii = IDN.toASCII(withoutDot, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return isHostName(ascii) ? Optional.of(ascii) : Optional.empty();
    }

    /**
     * The four characters IDNA2003 (the JDK's {@link IDN}) maps onto others while IDNA2008 and
     * UTS #46, what registries, browsers and mail use, keep as letters of their own: with them
     * {@code straße.de} would normalise onto {@code strasse.de}, a different registrable domain,
     * and resolve to its tenant. A domain holding one is refused rather than guessed.
     */
    private static boolean hasDeviation(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c == '\u00DF' || c == '\u03C2' || c == '\u200C' || c == '\u200D') {
                return true;
            }
        }
        return false;
    }

    /** The parents of {@code normalized} down to two labels, nearest first: where a claim with subdomains covers it. */
    public static List<String> parents(String normalized) {
        List<String> names = new ArrayList<>();
        for (Optional<String> parent = parent(normalized); parent.isPresent(); parent = parent(parent.get())) {
            names.add(parent.get());
        }
        return List.copyOf(names);
    }

    /** The parent domain (one label less), or empty for a two-label domain. */
    public static Optional<String> parent(String normalized) {
        int dot = normalized.indexOf('.');
        String rest = normalized.substring(dot + 1);
        return rest.indexOf('.') < 0 ? Optional.empty() : Optional.of(rest);
    }

    private static boolean isHostName(String ascii) {
        if (ascii.isEmpty() || ascii.length() > MAX_LENGTH) {
            return false;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL
                    || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
