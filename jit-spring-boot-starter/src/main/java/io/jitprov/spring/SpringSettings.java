package io.jitprov.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The application's {@code jit.*} properties, source by source in Spring's order of precedence,
 * names as written (without {@code jit.}) and values resolved ({@code ${...}} placeholders
 * replaced): what {@link io.jitprov.config.JitConfiguration#fromSources} reads.
 */
final class SpringSettings {

    static final String PREFIX = "jit.";

    private SpringSettings() {
    }

    /** Whether any property source names a {@code jit.*} setting. */
    static boolean present(ConfigurableEnvironment environment) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names) {
                for (String name : names.getPropertyNames()) {
                    if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static List<Map<String, Object>> of(ConfigurableEnvironment environment) {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> names)) {
                continue; // Boot's own view over all the others, and sources that cannot list their names
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            for (String name : names.getPropertyNames()) {
                if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                    Object value = source.getProperty(name);
                    settings.put(name.substring(PREFIX.length()),
                            value instanceof String text ? environment.resolveRequiredPlaceholders(text) : String.valueOf(value));
                }
            }
            if (!settings.isEmpty()) {
                sources.add(settings);
            }
        }
        return sources;
    }
}
