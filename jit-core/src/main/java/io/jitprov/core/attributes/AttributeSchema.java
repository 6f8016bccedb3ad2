package io.jitprov.core.attributes;

import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.StandardAttributes;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.internal.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The attributes a login must (and may) carry, and how fresh the authentication must be. The
 * first step of every login: a refusal here lists every problem found, each with its code.
 *
 * <pre>{@code
 * AttributeSchema schema = AttributeSchema.standard().toBuilder()
 *         .attribute(AttributeDefinition.named("employee_id").pattern("[0-9]{6}").required().build())
 *         .maxAuthenticationAge(Duration.ofHours(8))
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class AttributeSchema {

    /** Tolerated difference between our clock and the identity provider's. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** Longest issuer or subject accepted; both are stored as keys. */
    public static final int MAX_KEY_LENGTH = 1024;

    // What IdPs call the standard attributes: SAML names, OIDs, WS-Federation claim types.
    private static final String[] EMAIL_ALIASES = {
        "mail",
        "urn:oid:0.9.2342.19200300.100.1.3",
        // PKCS #9 emailAddress: what Keycloak's predefined "X500 email" SAML mapper sends.
        "urn:oid:1.2.840.113549.1.9.1",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "emailAddress",
    };

    private static final String[] GROUPS_ALIASES = {
        "memberOf",
        "isMemberOf",
        "urn:oid:1.3.6.1.4.1.5923.1.5.1.1",
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
        // AD FS's "Group" claim (Token-Groups, unqualified names).
        "http://schemas.xmlsoap.org/claims/Group",
    };

    private static final String[] GIVEN_NAME_ALIASES = {
        "givenName",
        "firstName",
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    };

    private static final String[] FAMILY_NAME_ALIASES = {
        "sn",
        "surname",
        "lastName",
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    };

    private static final String[] DISPLAY_NAME_ALIASES = {
        "displayName",
        "urn:oid:2.16.840.1.113730.3.1.241",
        "http://schemas.microsoft.com/identity/claims/displayname",
    };

    private static final AttributeSchema STANDARD = builder()
            .attribute(AttributeDefinition.named(StandardAttributes.EMAIL).aliases(EMAIL_ALIASES)
                    .type(AttributeType.EMAIL).requiredFor(IdentityKind.HUMAN).build())
            .attribute(AttributeDefinition.named(StandardAttributes.GROUPS).aliases(GROUPS_ALIASES)
                    .multiValued().build())
            .attribute(AttributeDefinition.named(StandardAttributes.GIVEN_NAME)
                    .aliases(GIVEN_NAME_ALIASES).maxLength(256).build())
            .attribute(AttributeDefinition.named(StandardAttributes.FAMILY_NAME)
                    .aliases(FAMILY_NAME_ALIASES).maxLength(256).build())
            .attribute(AttributeDefinition.named(StandardAttributes.DISPLAY_NAME)
                    .aliases(DISPLAY_NAME_ALIASES).maxLength(256).build())
            .build();

    private final List<AttributeDefinition> definitions;
    private final @Nullable Duration maxAuthenticationAge;
    private final Duration clockSkew;

    private AttributeSchema(Builder b) {
        this.definitions = List.copyOf(b.definitions.values());
        this.maxAuthenticationAge = b.maxAuthenticationAge;
        this.clockSkew = b.clockSkew;
    }

    /** Starts an empty schema: only the attributes it declares are kept. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Email (required for people), groups (multi-valued), given name, family name and display
     * name, each under the names Keycloak, Okta, Entra ID, Google and LDAP-backed IdPs use.
     */
    public static AttributeSchema standard() {
        return STANDARD;
    }

    /** The declared attributes, in declaration order. */
    public List<AttributeDefinition> definitions() {
        return definitions;
    }

    /** How old an authentication may be, if limited; older ones are refused with {@code authentication_stale}. */
    public Optional<Duration> maxAuthenticationAge() {
        return Optional.ofNullable(maxAuthenticationAge);
    }

    /** The clock difference tolerated with the IdP when checking freshness; 60 seconds by default. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** A builder holding this schema, to add to or change it. */
    public Builder toBuilder() {
        Builder b = new Builder().clockSkew(clockSkew);
        definitions.forEach(b::attribute);
        b.maxAuthenticationAge = maxAuthenticationAge;
        return b;
    }

    /** Checks {@code identity} at {@code now}; returns its declared attributes and every problem found. */
    public Result check(VerifiedIdentity identity, Instant now) {
        List<JitError> errors = new ArrayList<>();
        checkKey("issuer", identity.issuer(), errors);
        checkKey("subject", identity.subject(), errors);
        ValidatedAttributes accepted = checkValues(identity.attributes(), identity.kind(), errors);
        checkFreshness(identity, now, errors);
        return new Result(accepted, errors);
    }

    /** Checks attributes that arrive without a login (a directory push): values only, no freshness. */
    public Result check(ExternalIdentity identity, IdentityKind kind, Map<String, List<String>> attributes) {
        List<JitError> errors = new ArrayList<>();
        checkKey("issuer", identity.issuer(), errors);
        checkKey("subject", identity.subject(), errors);
        ValidatedAttributes accepted = checkValues(attributes, kind, errors);
        return new Result(accepted, errors);
    }

    private ValidatedAttributes checkValues(Map<String, List<String>> attributes, IdentityKind kind,
            List<JitError> errors) {
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        for (AttributeDefinition definition : definitions) {
            List<String> values = definition.check(collect(attributes, definition), kind, errors);
            if (!values.isEmpty()) {
                accepted.put(definition.name(), values);
            }
        }
        return ValidatedAttributes.of(accepted);
    }

    /** The distinct values found under the definition's name and aliases, in arrival order. */
    private static List<String> collect(Map<String, List<String>> attributes, AttributeDefinition definition) {
        List<String> direct = attributes.getOrDefault(definition.name(), List.of());
        @Nullable Set<String> values = null;
        for (String alias : definition.aliases()) {
            List<String> more = attributes.get(alias);
            if (more != null) {
                if (values == null) {
                    values = new LinkedHashSet<>(direct);
                }
                values.addAll(more);
            }
        }
        if (values != null) {
            return List.copyOf(values);
        }
        return direct.size() > 1 ? List.copyOf(new LinkedHashSet<>(direct)) : direct;
    }

    /**
     * Issuer and subject become unique keys and log fields: bounded, and free of control characters
     * and unpaired surrogates (which stores write as {@code ?}, making two subjects one).
     */
    private static void checkKey(String what, String value, List<JitError> errors) {
        boolean control = value.chars().anyMatch(Character::isISOControl) || AttributeDefinition.hasLoneSurrogate(value);
        if (value.length() > MAX_KEY_LENGTH || control) {
            errors.add(new JitError(JitErrorCodes.IDENTITY_INVALID, "The " + what + " " + JitError.quote(value)
                    + (control ? " contains control characters or unpaired surrogates" : " is longer than " + MAX_KEY_LENGTH + " characters")));
        }
    }

    private void checkFreshness(VerifiedIdentity identity, Instant now, List<JitError> errors) {
        identity.notOnOrAfter().ifPresent(notOnOrAfter -> {
            if (!now.isBefore(notOnOrAfter.plus(clockSkew))) {
                errors.add(new JitError(JitErrorCodes.IDENTITY_EXPIRED, "Identity of subject "
                        + JitError.quote(identity.subject()) + " was valid until [" + notOnOrAfter + "], now is [" + now + "]"));
            }
        });
        if (maxAuthenticationAge == null) {
            return;
        }
        Optional<Instant> authnInstant = identity.authnInstant();
        if (authnInstant.isEmpty()) {
            errors.add(new JitError(JitErrorCodes.AUTHENTICATION_STALE, "Identity of subject "
                    + JitError.quote(identity.subject()) + " does not say when it authenticated, and at most ["
                    + maxAuthenticationAge + "] is allowed"));
        } else if (authnInstant.get().plus(maxAuthenticationAge).plus(clockSkew).isBefore(now)) {
            errors.add(new JitError(JitErrorCodes.AUTHENTICATION_STALE, "Authentication at [" + authnInstant.get()
                    + "] is older than the allowed [" + maxAuthenticationAge + "] at [" + now + "]"));
        }
    }

    /**
     * What {@link #check} found: the declared attributes that passed, and every problem.
     *
     * @param attributes the declared attributes, normalised, that passed their checks
     * @param errors every problem found; empty when the identity passed
     */
    public record Result(ValidatedAttributes attributes, List<JitError> errors) {
        /** Copies the errors. */
        public Result {
            errors = List.copyOf(errors);
        }

        /** Whether nothing was wrong. */
        public boolean passed() {
            return errors.isEmpty();
        }
    }

    /** Configures an {@link AttributeSchema}. */
    public static final class Builder {

        private final Map<String, AttributeDefinition> definitions = new LinkedHashMap<>();
        private @Nullable Duration maxAuthenticationAge;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;

        private Builder() {
        }

        /** Declares an attribute, replacing any earlier definition of the same logical name. */
        public Builder attribute(AttributeDefinition definition) {
            Objects.requireNonNull(definition, "definition cannot be null");
            definitions.put(definition.name(), definition);
            return this;
        }

        /** Gives access to the definitions by logical name, to replace or remove some. */
        public Builder attributes(Consumer<Map<String, AttributeDefinition>> customizer) {
            customizer.accept(definitions);
            return this;
        }

        /** Refuses identities that authenticated longer ago than {@code maxAge} (or do not say when). */
        public Builder maxAuthenticationAge(Duration maxAge) {
            this.maxAuthenticationAge = Durations.positive("maxAuthenticationAge", maxAge);
            return this;
        }

        /** See {@link AttributeSchema#clockSkew()}; must not be negative. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Durations.notNegative("clockSkew", clockSkew);
            return this;
        }

        /** The schema. */
        public AttributeSchema build() {
            Map<String, String> owners = new HashMap<>();
            for (AttributeDefinition definition : definitions.values()) {
                claimName(owners, definition.name(), definition);
                definition.aliases().forEach(alias -> claimName(owners, alias, definition));
            }
            return new AttributeSchema(this);
        }

        private static void claimName(Map<String, String> owners, String name, AttributeDefinition definition) {
            String owner = owners.putIfAbsent(name, definition.name());
            if (owner != null && !owner.equals(definition.name())) {
                throw new IllegalArgumentException("Attribute name [" + name + "] is declared by both ["
                        + owner + "] and [" + definition.name() + "]");
            }
        }
    }
}
