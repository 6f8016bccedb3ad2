package io.jitprov.config.setup;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.jspecify.annotations.Nullable;

/**
 * The setup pages' words, from the resource bundle {@code io/jitprov/config/setup/setup.properties}
 * (English shipped; add {@code setup_de.properties} and the like for other languages). A text's
 * {@code {0}}, {@code {1}} are replaced by the arguments as they are; pages escape the result.
 */
final class Texts {

    static final String BUNDLE = "io.jitprov.config.setup.setup";

    private final ResourceBundle bundle;
    private final @Nullable ResourceBundle overrides;

    Texts(Locale locale) {
        this(locale, null);
    }

    /** The words of {@code overridesBaseName} (the application's bundle) where it has them, jit's elsewhere. */
    Texts(Locale locale, @Nullable String overridesBaseName) {
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale);
        this.overrides = overridesBaseName == null ? null : ResourceBundle.getBundle(overridesBaseName, locale);
    }

    String get(String key, Object... args) {
        String text = raw(key);
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /** A numbered list kept as one text, its items separated by {@code |}. */
    List<String> items(String key) {
        return List.of(raw(key).split("\\|"));
    }

    private String raw(String key) {
        return overrides != null && overrides.containsKey(key) ? overrides.getString(key) : bundle.getString(key);
    }
}
