package io.jitprov.core.tenant;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a tenant's {@link RoleMapping}: identity provider groups that match give one local
 * role. Group names compare exactly, letter case included.
 *
 * @since 0.1
 */
public final class RoleRule {

    /** How the rule matches a group name. */
    public enum Match {
        /** The group equals the value. */
        EXACT,
        /** The group starts with the value. */
        PREFIX,
        /** The whole group matches the value as a regular expression. */
        REGEX
    }

    private final Match match;
    private final String value;
    private final String role;
    private final @Nullable Pattern pattern;

    private RoleRule(Match match, String value, String role) {
        Objects.requireNonNull(value, "value cannot be null");
        Objects.requireNonNull(role, "role cannot be null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("value cannot be empty");
        }
        if (role.isEmpty()) {
            throw new IllegalArgumentException("role cannot be empty");
        }
        this.match = match;
        this.value = value;
        this.role = role;
        this.pattern = match == Match.REGEX ? Pattern.compile(value) : null;
        if (pattern != null) {
            BoundedRegex.requireBounded(pattern);
        }
    }

    /** Members of exactly {@code group} get {@code role}. */
    public static RoleRule exact(String group, String role) {
        return new RoleRule(Match.EXACT, group, role);
    }

    /** Members of any group whose name starts with {@code prefix} get {@code role}. */
    public static RoleRule prefix(String prefix, String role) {
        return new RoleRule(Match.PREFIX, prefix, role);
    }

    /**
     * Members of any group whose whole name matches {@code regex} get {@code role}. A match that
     * would take too long (a nested repetition meeting a hostile name) does not match.
     *
     * @throws java.util.regex.PatternSyntaxException when {@code regex} is not a regular expression
     * @throws IllegalArgumentException when it can take exponential time, such as {@code (a+)+}
     */
    public static RoleRule regex(String regex, String role) {
        return new RoleRule(Match.REGEX, regex, role);
    }

    /** How {@link #value()} is compared with each of the identity's groups. */
    public Match match() {
        return match;
    }

    /** The group name, prefix or regular expression. */
    public String value() {
        return value;
    }

    /** The role a matching group gives. */
    public String role() {
        return role;
    }

    /** Whether membership of {@code group} gives this rule's role. */
    public boolean matches(String group) {
        return matches(group, new BoundedRegex.Budget(BoundedRegex.BUDGET));
    }

    /** The same, a regular expression drawing on one login's shared budget. */
    boolean matches(String group, BoundedRegex.Budget login) {
        switch (match) {
            case EXACT:
                return group.equals(value);
            case PREFIX:
                return group.startsWith(value);
            case REGEX:
            default:
                return BoundedRegex.matches(Objects.requireNonNull(pattern), group, login);
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RoleRule other && match == other.match && value.equals(other.value) && role.equals(other.role);
    }

    @Override
    public int hashCode() {
        return Objects.hash(match, value, role);
    }

    @Override
    public String toString() {
        return match.name().toLowerCase(Locale.ROOT) + "[" + value + "] -> " + role;
    }
}
