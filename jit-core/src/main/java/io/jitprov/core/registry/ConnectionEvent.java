package io.jitprov.core.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something about a tenant's sign-in setup that its admins or the SaaS team should hear of: a
 * connection turned on, changed or deleted, a domain verified or lost, a signing certificate about
 * to expire, an IdP's metadata that can no longer be read. Delivered to a
 * {@link ConnectionEventListener} (and, with jit-config, a signed webhook).
 *
 * @param id unique per event: a receiver drops one it has seen (a webhook may deliver it twice)
 * @param type what happened
 * @param at when it was noticed
 * @param tenantId the tenant
 * @param connectionId the connection, for connection and certificate events
 * @param domain the domain, for domain events
 * @param details more, by name: {@code idp}, {@code subject}, {@code expiresAt}, {@code daysLeft}, {@code reason}
 * @since 0.1
 */
public record ConnectionEvent(String id, Type type, Instant at, String tenantId, @Nullable String connectionId,
        @Nullable String domain, Map<String, String> details) {

    /** What happened. */
    public enum Type {
        CONNECTION_ACTIVATED("connection.activated"),
        CONNECTION_CHANGED("connection.changed"),
        CONNECTION_DELETED("connection.deleted"),
        DOMAIN_VERIFIED("domain.verified"),
        /** A verified domain's TXT record was gone at a periodic check. */
        DOMAIN_LOST("domain.lost"),
        /** A signing certificate expires within 90, 30 or 7 days ({@code daysLeft} says which). */
        CERTIFICATE_EXPIRING("certificate.expiring"),
        /** The IdP's metadata or discovery document cannot be read ({@code reason} says why). */
        METADATA_FAILING("metadata.failing");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        /** Its stable name in a webhook's body: {@code connection.activated}, ... */
        public String value() {
            return value;
        }
    }

    /** Refuses missing components; copies the details. */
    public ConnectionEvent {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(type, "type cannot be null");
        Objects.requireNonNull(at, "at cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        details = Map.copyOf(details);
    }

    /** A new event with a random id. */
    public static ConnectionEvent of(Type type, Instant at, String tenantId, @Nullable String connectionId,
            @Nullable String domain, Map<String, String> details) {
        return new ConnectionEvent(UUID.randomUUID().toString(), type, at, tenantId, connectionId, domain, details);
    }
}
