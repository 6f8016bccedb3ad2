package io.jitprov.jdbc;

import java.util.regex.Pattern;

/** The table prefix, checked once, and SQL templates filled with it. */
final class JdbcTables {

    static final String DEFAULT_PREFIX = "jit_";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private final String prefix;

    JdbcTables(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            // The prefix is spliced into SQL: only a plain identifier is accepted.
            throw new IllegalArgumentException("tablePrefix [" + prefix + "] must match " + PREFIX.pattern());
        }
        this.prefix = prefix;
    }

    String sql(String template) {
        return template.replace("%TABLE_PREFIX%", prefix);
    }

    String prefix() {
        return prefix;
    }
}
