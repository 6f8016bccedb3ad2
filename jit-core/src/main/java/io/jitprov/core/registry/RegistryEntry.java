package io.jitprov.core.registry;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tenant or connection as the registry keeps it: a document (JSON, in the configuration
 * file's model) with the version every change increments.
 *
 * @param kind what the document describes
 * @param id unique among the entries of its kind
 * @param tenantId the tenant it belongs to: its own id for a tenant
 * @param key what else finds the entry, unique among the live entries of its kind: for a
 *     connection, its IdP ({@code saml <entityID>} or {@code oidc <issuer>}); null for none
 * @param version 1 when created, one more at every update
 * @param document the description, as JSON; never read by the store
 * @param updatedAt when this version was written
 * @since 0.1
 */
public record RegistryEntry(RegistryKind kind, String id, String tenantId, @Nullable String key, long version,
        String document,
        Instant updatedAt) {

    /** Refuses missing components and versions below 1. */
    public RegistryEntry {
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(document, "document cannot be null");
        Objects.requireNonNull(updatedAt, "updatedAt cannot be null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, not " + version);
        }
        if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
            throw new IllegalArgumentException("A key has 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (kind == RegistryKind.TENANT && !tenantId.equals(id)) {
            throw new IllegalArgumentException("A tenant's tenantId is its id");
        }
    }

    /** The longest id a store must keep. */
    public static final int MAX_ID_LENGTH = 255;

    /** The longest key a store must keep: an IdP's entityID may have 1024 characters, and a prefix. */
    public static final int MAX_KEY_LENGTH = 1100;

    /** Whether {@code id} can name an entry: 1 to 255 characters, none of them a control character. */
    public static boolean isValidId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        return id.chars().noneMatch(Character::isISOControl);
    }

    /**
     * Refuses an id no entry can have: stores call it before a write reaches the database (what
     * they read back, written before, they return as it is).
     *
     * @throws IllegalArgumentException naming what is wrong, never echoing the id
     */
    public static String requireValidId(String id) {
        if (!isValidId(Objects.requireNonNull(id, "id cannot be null"))) {
            throw new IllegalArgumentException("An id has 1 to " + MAX_ID_LENGTH
                    + " characters, none of them a control character");
        }
        return id;
    }
}
