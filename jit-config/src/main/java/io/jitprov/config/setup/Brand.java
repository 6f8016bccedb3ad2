package io.jitprov.config.setup;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How the setup pages look: the application's name, its logo, one accent colour, and a stylesheet of its own. */
record Brand(String productName, @Nullable String logoUrl, String accent, @Nullable String stylesheet) {

    /** The accent's text colour: black or white, whichever has the higher contrast on it (WCAG 2.1). */
    String onAccent() {
        double background = luminance(accent);
        return (background + 0.05) / 0.05 > 1.05 / (background + 0.05) ? "#000000" : "#ffffff";
    }

    static boolean isColour(String value) {
        return value.matches("#[0-9a-fA-F]{6}");
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1).toLowerCase(Locale.ROOT), 16);
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
