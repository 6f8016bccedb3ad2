package io.jitprov.core.attributes;


/**
 * The type of an attribute's values, which decides how they are checked and normalised.
 *
 * @since 0.1
 */
public enum AttributeType {
    /** Any text without control characters. */
    STRING,
    /** An email address, normalised as {@link io.jitprov.core.EmailAddress} does. */
    EMAIL,
    /** {@code true} or {@code false} in any letter case, normalised to lower case. */
    BOOLEAN,
    /** One of the values the definition lists, matched exactly. */
    ENUM,
    /** An ISO-8601 instant ({@code 2026-01-31T10:15:30Z}) or whole seconds since the epoch, normalised to ISO-8601. */
    TIMESTAMP
}
