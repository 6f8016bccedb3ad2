package io.jitprov.core.attributes;

import io.jitprov.core.EmailAddress;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One logical attribute of an {@link AttributeSchema}: the names it may arrive under, whether it
 * must be there, and what its values must look like.
 *
 * <pre>{@code
 * AttributeDefinition department = AttributeDefinition.named("department")
 *         .aliases("urn:oid:2.16.840.1.113730.3.1.2", "dept")
 *         .type(AttributeType.ENUM).allowedValues("sales", "engineering")
 *         .required()
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class AttributeDefinition {

    /** Values longer than this are refused unless the definition says otherwise. */
    public static final int DEFAULT_MAX_LENGTH = 1024;

    /** A multi-valued attribute with more values than this is refused unless the definition says otherwise. */
    public static final int DEFAULT_MAX_VALUES = 1000;

    /** Spellings of one value a single-valued attribute may arrive in (under its aliases) before it is refused unread. */
    private static final int MAX_RAW_SINGLE_VALUES = 16;

    private final String name;
    private final List<String> aliases;
    private final AttributeType type;
    private final Set<IdentityKind> requiredFor;
    private final boolean multiValued;
    private final @Nullable Pattern pattern;
    private final int maxLength;
    private final int maxValues;
    private final Set<String> allowedValues;

    private AttributeDefinition(Builder b) {
        this.name = b.name;
        this.aliases = List.copyOf(b.aliases);
        this.type = b.type;
        this.requiredFor = b.requiredFor.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.requiredFor));
        this.multiValued = b.multiValued;
        this.pattern = b.pattern;
        this.maxLength = b.maxLength;
        this.maxValues = b.multiValued ? b.maxValues : 1;
        this.allowedValues = Set.copyOf(b.allowedValues);
    }

    /** Starts a definition of the logical attribute {@code name}, which is also the first name it is looked up by. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The logical name: the key of the validated attribute, whatever name it arrived under. */
    public String name() {
        return name;
    }

    /** Other names the same attribute arrives under (SAML OIDs and URIs, OIDC claim names). */
    public List<String> aliases() {
        return aliases;
    }

    /** How values are checked and normalised; {@link AttributeType#STRING} by default. */
    public AttributeType type() {
        return type;
    }

    /** The identity kinds that must carry this attribute; empty when it is optional. */
    public Set<IdentityKind> requiredFor() {
        return requiredFor;
    }

    /** Whether more than one value is accepted; a second value of a single-valued attribute is refused. */
    public boolean multiValued() {
        return multiValued;
    }

    /** The pattern every normalised value must match as a whole, if any. */
    public Optional<Pattern> pattern() {
        return Optional.ofNullable(pattern);
    }

    /** The longest value accepted, in characters; longer ones are refused, never cut. */
    public int maxLength() {
        return maxLength;
    }

    /** The most values accepted for a multi-valued attribute. */
    public int maxValues() {
        return maxValues;
    }

    /** For {@link AttributeType#ENUM}: the values accepted. */
    public Set<String> allowedValues() {
        return allowedValues;
    }

    /** A builder holding this definition, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name).aliases(aliases.toArray(String[]::new)).type(type)
                .maxLength(maxLength).allowedValues(allowedValues.toArray(String[]::new));
        b.requiredFor.addAll(requiredFor);
        b.multiValued = multiValued;
        b.maxValues = multiValued ? maxValues : DEFAULT_MAX_VALUES;
        b.pattern = pattern;
        return b;
    }

    /**
     * Checks and normalises the values found for this attribute, adding one error per problem.
     * Returns the normalised values that passed.
     */
    List<String> check(List<String> values, IdentityKind kind, List<JitError> errors) {
        if (values.isEmpty()) {
            if (requiredFor.contains(kind)) {
                errors.add(new JitError(JitErrorCodes.ATTRIBUTE_MISSING,
                        "Required attribute [" + name + "] is missing (also looked for " + aliases + ")"));
            }
            return List.of();
        }
        // Bound the work before normalising anything: the IdP decides how many values arrive.
        int rawLimit = multiValued ? maxValues : MAX_RAW_SINGLE_VALUES;
        if (values.size() > rawLimit) {
            errors.add(tooMany(values.size()));
            return List.of();
        }
        Set<String> normalized = new LinkedHashSet<>();
        int before = errors.size();
        for (String value : values) {
            checkValue(value, errors).ifPresent(normalized::add);
        }
        if (errors.size() > before) {
            return List.of();
        }
        if (normalized.size() > maxValues) {
            errors.add(tooMany(normalized.size()));
            return List.of();
        }
        return List.copyOf(normalized);
    }

    private JitError tooMany(int count) {
        return multiValued
                ? new JitError(JitErrorCodes.ATTRIBUTE_TOO_MANY_VALUES, "Attribute [" + name + "] has "
                        + count + " values, at most " + maxValues + " are allowed")
                : new JitError(JitErrorCodes.ATTRIBUTE_NOT_SINGLE_VALUED, "Attribute [" + name + "] has "
                        + count + " different values, one was expected");
    }

    private Optional<String> checkValue(String value, List<JitError> errors) {
        if (value.length() > maxLength) {
            errors.add(new JitError(JitErrorCodes.ATTRIBUTE_TOO_LONG, "Value of attribute [" + name + "] has "
                    + value.length() + " characters, at most " + maxLength + " are allowed"));
            return Optional.empty();
        }
        Optional<String> normalized = normalize(value);
        if (normalized.isEmpty()) {
            errors.add(new JitError(JitErrorCodes.ATTRIBUTE_INVALID, "Value " + JitError.quote(value)
                    + " of attribute [" + name + "] is not a valid " + describeType()));
            return Optional.empty();
        }
        if (pattern != null && !pattern.matcher(normalized.get()).matches()) {
            errors.add(new JitError(JitErrorCodes.ATTRIBUTE_PATTERN_MISMATCH, "Value " + JitError.quote(value)
                    + " of attribute [" + name + "] does not match [" + pattern.pattern() + "]"));
            return Optional.empty();
        }
        return normalized;
    }

    private Optional<String> normalize(String value) {
        switch (type) {
            case EMAIL:
                return EmailAddress.parse(value).map(EmailAddress::value);
            case BOOLEAN:
                String lower = value.toLowerCase(Locale.ROOT);
                return lower.equals("true") || lower.equals("false") ? Optional.of(lower) : Optional.empty();
            case ENUM:
                return allowedValues.contains(value) ? Optional.of(value) : Optional.empty();
            case TIMESTAMP:
                return parseTimestamp(value).map(Instant::toString);
            case STRING:
            default:
                return hasControlCharacters(value) ? Optional.empty() : Optional.of(value);
        }
    }

    private String describeType() {
        return type == AttributeType.ENUM ? "value, expected one of " + new TreeSet<>(allowedValues)
                : type.name().toLowerCase(Locale.ROOT);
    }

    private static Optional<Instant> parseTimestamp(String value) {
        try {
            if (!value.isEmpty() && value.length() <= 12 && value.chars().allMatch(Character::isDigit)) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(value)));
            }
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean hasControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return true;
            }
        }
        return hasLoneSurrogate(value);
    }

    /**
     * Whether {@code value} holds half of a surrogate pair: not text in any encoding, and stores
     * write it as {@code ?}, so that two different values would become one.
     */
    static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Configures an {@link AttributeDefinition}. */
    public static final class Builder {

        private final String name;
        private final List<String> aliases = new ArrayList<>();
        private AttributeType type = AttributeType.STRING;
        private final Set<IdentityKind> requiredFor = EnumSet.noneOf(IdentityKind.class);
        private boolean multiValued;
        private @Nullable Pattern pattern;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private int maxValues = DEFAULT_MAX_VALUES;
        private final Set<String> allowedValues = new LinkedHashSet<>();

        private Builder(String name) {
            Objects.requireNonNull(name, "name cannot be null");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("name cannot be empty");
            }
            this.name = name;
        }

        /** Adds names the attribute also arrives under. */
        public Builder aliases(String... aliases) {
            for (String alias : aliases) {
                Objects.requireNonNull(alias, "alias cannot be null");
                if (!alias.equals(name) && !this.aliases.contains(alias)) {
                    this.aliases.add(alias);
                }
            }
            return this;
        }

        /** See {@link AttributeDefinition#type()}. */
        public Builder type(AttributeType type) {
            this.type = Objects.requireNonNull(type, "type cannot be null");
            return this;
        }

        /** Every identity must carry the attribute. */
        public Builder required() {
            return requiredFor(IdentityKind.values());
        }

        /** Identities of these kinds must carry the attribute; others may. */
        public Builder requiredFor(IdentityKind... kinds) {
            requiredFor.clear();
            requiredFor.addAll(List.of(kinds));
            return this;
        }

        /** No identity must carry the attribute (the default). */
        public Builder optional() {
            requiredFor.clear();
            return this;
        }

        /** Accepts several values, at most {@code maxValues}. */
        public Builder multiValued(int maxValues) {
            if (maxValues < 1) {
                throw new IllegalArgumentException("maxValues must be at least 1");
            }
            this.multiValued = true;
            this.maxValues = maxValues;
            return this;
        }

        /** Accepts several values, at most {@link #DEFAULT_MAX_VALUES}. */
        public Builder multiValued() {
            return multiValued(DEFAULT_MAX_VALUES);
        }

        /** Every value, after normalisation, must match {@code regex} as a whole. */
        public Builder pattern(String regex) {
            this.pattern = Pattern.compile(regex);
            return this;
        }

        /** See {@link AttributeDefinition#maxLength()}. */
        public Builder maxLength(int maxLength) {
            if (maxLength < 1) {
                throw new IllegalArgumentException("maxLength must be at least 1");
            }
            this.maxLength = maxLength;
            return this;
        }

        /** For {@link AttributeType#ENUM}: the accepted values. */
        public Builder allowedValues(String... values) {
            allowedValues.addAll(List.of(values));
            return this;
        }

        /** The definition; refuses contradictory settings (an enum without values, values for a non-enum). */
        public AttributeDefinition build() {
            if (type == AttributeType.ENUM && allowedValues.isEmpty()) {
                throw new IllegalArgumentException("allowedValues cannot be empty for an ENUM attribute [" + name + "]");
            }
            if (type != AttributeType.ENUM && !allowedValues.isEmpty()) {
                throw new IllegalArgumentException("allowedValues apply only to ENUM attributes, not [" + name + "]");
            }
            return new AttributeDefinition(this);
        }
    }
}
