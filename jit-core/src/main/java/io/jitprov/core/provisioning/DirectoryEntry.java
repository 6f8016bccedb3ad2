package io.jitprov.core.provisioning;

import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An account as an identity provider's directory pushes it ahead of a login (SCIM): whose it is,
 * the identity its logins will carry, and raw attributes that the {@link io.jitprov.core.attributes.AttributeSchema} checks
 * like a login's.
 *
 * @param tenantId the tenant the account belongs to
 * @param identity the (issuer, subject) the person's logins will carry
 * @param kind person or workload
 * @param attributes raw values by attribute name or alias
 * @since 0.1
 */
public record DirectoryEntry(String tenantId, ExternalIdentity identity, IdentityKind kind,
        Map<String, List<String>> attributes) {

    /** Refuses missing components; copies the attributes. */
    public DirectoryEntry {
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(identity, "identity cannot be null");
        Objects.requireNonNull(kind, "kind cannot be null");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        attributes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        attributes = Map.copyOf(copy);
    }
}
