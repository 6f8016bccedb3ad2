package io.jitprov.core.provisioning;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.tenant.Tenant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a tenant's access-end attribute: an ISO date (access through that day, UTC) or an instant. */
final class AccessEnd {

    private AccessEnd() {
    }

    /** When access ends, if the account's attributes say; empty when they do not. */
    static Optional<Instant> of(Tenant tenant, ValidatedAttributes attributes) {
        return tenant.accessEndAttribute().flatMap(attributes::first).map(AccessEnd::parse);
    }

    /**
     * @throws IllegalArgumentException when the value is neither an ISO date nor an instant
     */
    static Instant parse(String value) {
        String text = value.strip();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("[" + value + "] is neither an ISO date nor an ISO date-time", e);
        }
    }

    /** The refusal when access has ended at {@code now}, or its value cannot be read; empty otherwise. */
    static Optional<JitError> check(Tenant tenant, ValidatedAttributes attributes, Instant now) {
        try {
            return of(tenant, attributes).filter(end -> !now.isBefore(end)).map(end -> new JitError(
                    JitErrorCodes.ACCESS_ENDED, "Access to tenant [" + tenant.id() + "] ended at " + end));
        } catch (IllegalArgumentException e) {
            // Fail closed: an end date nobody can read must not mean "no end".
            return Optional.of(new JitError(JitErrorCodes.ATTRIBUTE_INVALID, "Attribute ["
                    + tenant.accessEndAttribute().orElseThrow() + "]: " + e.getMessage()));
        }
    }
}
