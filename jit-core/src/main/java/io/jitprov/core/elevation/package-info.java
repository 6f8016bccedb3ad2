/**
 * Time-bound elevation: {@link io.jitprov.core.elevation.AccessGrant}s asked for, approved, stepped up, expired and revoked, and the {@link io.jitprov.core.elevation.GrantStore} they live in.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.elevation;

import org.jspecify.annotations.NullMarked;
