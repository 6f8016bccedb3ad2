/**
 * Delegated administration: explicit, named, time-bound and audited delegations of permissions from one tenant to a partner's admin.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.delegation;

import org.jspecify.annotations.NullMarked;
