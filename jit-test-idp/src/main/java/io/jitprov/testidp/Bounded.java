package io.jitprov.testidp;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A map that forgets its oldest entries past a bound: codes and tokens nobody redeems go away. */
final class Bounded<V> {

    private final Map<String, V> entries;

    Bounded(int max) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    synchronized void put(String key, V value) {
        entries.put(key, value);
    }

    synchronized @Nullable V get(String key) {
        return entries.get(key);
    }

    synchronized @Nullable V remove(String key) {
        return entries.remove(key);
    }

    synchronized void clear() {
        entries.clear();
    }
}
