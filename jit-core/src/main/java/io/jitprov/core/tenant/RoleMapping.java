package io.jitprov.core.tenant;

import io.jitprov.core.IdentityKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's translation of identity provider groups into local roles: rules, roles everybody
 * gets, and the ceiling no mapped role may exceed (whatever {@link RoleMapper} is used).
 *
 * <pre>{@code
 * RoleMapping mapping = RoleMapping.builder()
 *         .rule(RoleRule.exact("acme-admins", "admin"))
 *         .rule(RoleRule.prefix("acme-eng-", "developer"))
 *         .defaultRoles("member")
 *         .allowedRoles("member", "developer", "admin")
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class RoleMapping {

    private static final RoleMapping NONE = builder().build();

    private final List<RoleRule> rules;
    private final Set<String> defaultRoles;
    private final Set<String> allowedRoles;
    private final Set<String> humanOnlyRoles;

    /** Most rules one mapping holds, and most of them regular expressions: each login runs them all. */
    public static final int MAX_RULES = 200;
    /** Most regular-expression rules one mapping holds. */
    public static final int MAX_REGEX_RULES = 20;

    private RoleMapping(List<RoleRule> rules, Set<String> defaultRoles, Set<String> allowedRoles,
            Set<String> humanOnlyRoles) {
        this.rules = rules;
        this.defaultRoles = defaultRoles;
        this.allowedRoles = allowedRoles;
        this.humanOnlyRoles = humanOnlyRoles;
    }

    /** Starts a mapping with no rules, no default roles and a ceiling of exactly the roles it names. */
    public static Builder builder() {
        return new Builder();
    }

    /** No rules, no default roles, no roles allowed. */
    public static RoleMapping none() {
        return NONE;
    }

    /** The rules, in order; every matching rule adds its role. */
    public List<RoleRule> rules() {
        return rules;
    }

    /** Roles every provisioned account of the tenant gets. */
    public Set<String> defaultRoles() {
        return defaultRoles;
    }

    /** The ceiling: no mapper can give a role outside it. */
    public Set<String> allowedRoles() {
        return allowedRoles;
    }

    /**
     * Roles the rules or defaults name that the ceiling does not allow, in name order: kept, never
     * given until the ceiling allows them. Lowering a ceiling (a plan downgrade) thus narrows what
     * people get at their next login and locks nobody out; whoever writes the mapping is warned.
     */
    public Set<String> rolesAboveCeiling() {
        Set<String> above = new TreeSet<>(defaultRoles);
        rules.forEach(rule -> above.add(rule.role()));
        above.removeAll(allowedRoles);
        return Collections.unmodifiableSet(above);
    }

    /**
     * Roles only people may hold: never mapped to a workload identity, whatever its groups, and
     * never granted to one by elevation.
     */
    public Set<String> humanOnlyRoles() {
        return humanOnlyRoles;
    }

    /** The roles {@code kind} may hold of {@code roles}. */
    public Set<String> forKind(IdentityKind kind, Set<String> roles) {
        if (kind == IdentityKind.HUMAN || humanOnlyRoles.isEmpty() || roles.stream().noneMatch(humanOnlyRoles::contains)) {
            return roles;
        }
        Set<String> kept = new LinkedHashSet<>(roles);
        kept.removeAll(humanOnlyRoles);
        return kept;
    }

    /** A builder holding this mapping, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rules.addAll(rules);
        b.defaultRoles.addAll(defaultRoles);
        b.allowedRoles = new LinkedHashSet<>(allowedRoles);
        b.humanOnlyRoles.addAll(humanOnlyRoles);
        return b;
    }

    /** Configures a {@link RoleMapping}. */
    public static final class Builder {

        private final List<RoleRule> rules = new ArrayList<>();
        private final Set<String> defaultRoles = new LinkedHashSet<>();
        private @Nullable Set<String> allowedRoles;
        private final Set<String> humanOnlyRoles = new LinkedHashSet<>();

        private Builder() {
        }

        /** See {@link RoleMapping#humanOnlyRoles()}. */
        public Builder humanOnlyRoles(String... roles) {
            humanOnlyRoles.addAll(List.of(roles));
            return this;
        }

        /** Adds a rule. */
        public Builder rule(RoleRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule cannot be null"));
            return this;
        }

        /** Gives access to the rules, to reorder, replace or remove some. */
        public Builder rules(Consumer<List<RoleRule>> customizer) {
            customizer.accept(rules);
            return this;
        }

        /** Adds roles every provisioned account of the tenant gets. */
        public Builder defaultRoles(String... roles) {
            defaultRoles.addAll(List.of(roles));
            return this;
        }

        /**
         * Sets the ceiling. When not set, it is exactly the roles the rules and defaults name, so
         * a custom {@link RoleMapper} cannot invent others.
         */
        public Builder allowedRoles(String... roles) {
            allowedRoles = new LinkedHashSet<>(List.of(roles));
            return this;
        }

        /**
         * The mapping. A rule or default role outside the ceiling is kept and never given (see
         * {@link RoleMapping#rolesAboveCeiling()}): refusing it here would refuse the whole tenant
         * after its ceiling was lowered.
         */
        public RoleMapping build() {
            if (rules.size() > MAX_RULES) {
                throw new IllegalArgumentException("A role mapping has at most " + MAX_RULES + " rules, not "
                        + rules.size());
            }
            long regexes = rules.stream().filter(rule -> rule.match() == RoleRule.Match.REGEX).count();
            if (regexes > MAX_REGEX_RULES) {
                throw new IllegalArgumentException("A role mapping has at most " + MAX_REGEX_RULES
                        + " regular-expression rules, not " + regexes + ": use group or prefix rules for the others");
            }
            Set<String> named = new LinkedHashSet<>(defaultRoles);
            rules.forEach(rule -> named.add(rule.role()));
            Set<String> ceiling = allowedRoles == null ? named : allowedRoles;
            return new RoleMapping(List.copyOf(rules), Set.copyOf(defaultRoles), Set.copyOf(ceiling),
                    Set.copyOf(humanOnlyRoles));
        }
    }
}
