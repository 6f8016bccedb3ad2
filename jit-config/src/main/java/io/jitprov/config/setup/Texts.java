package io.jitprov.config.setup;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The setup pages' words, from the resource bundle {@code io/jitprov/config/setup/setup.properties}
 * (English shipped; add {@code setup_de.properties} and the like for other languages). A text's
 * {@code {0}}, {@code {1}} are replaced by the arguments as they are; pages escape the result.
 */
final class Texts {

    static final String BUNDLE = "io.jitprov.config.setup.setup";

    private final ResourceBundle bundle;

    Texts(Locale locale) {
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale);
    }

    String get(String key, Object... args) {
        String text = bundle.getString(key);
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /** A numbered list kept as one text, its items separated by {@code |}. */
    List<String> items(String key) {
        return List.of(bundle.getString(key).split("\\|"));
    }

    boolean has(String key) {
        return bundle.containsKey(key);
    }
}
