package io.jitprov.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The attributes an {@link io.jitprov.core.attributes.AttributeSchema} accepted, keyed by logical name, with values
 * normalised (emails lower-cased, timestamps in ISO-8601, booleans in lower case). Attributes the
 * schema does not declare are not here: only declared attributes reach an account.
 *
 * @since 0.1
 */
public final class ValidatedAttributes {

    private static final ValidatedAttributes EMPTY = new ValidatedAttributes(Map.of());

    private final Map<String, List<String>> values;

    private ValidatedAttributes(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Attributes as they are, without checks; for stores that read back what was validated before. */
    public static ValidatedAttributes of(Map<String, List<String>> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((name, list) -> {
            if (!list.isEmpty()) {
                copy.put(name, List.copyOf(list));
            }
        });
        return new ValidatedAttributes(Collections.unmodifiableMap(copy));
    }

    /** No attributes. */
    public static ValidatedAttributes empty() {
        return EMPTY;
    }

    /** Every value of {@code name}; empty when absent. */
    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Every attribute by logical name, unmodifiable. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ValidatedAttributes other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
