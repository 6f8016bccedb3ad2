/**
 * Tenants and IdP connections as data that changes at runtime: each kept as a versioned document
 * in a {@link io.jitprov.core.registry.RegistryStore}, written with optimistic concurrency, and
 * followed by every node through the store's ordered changes.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.registry;

import org.jspecify.annotations.NullMarked;
