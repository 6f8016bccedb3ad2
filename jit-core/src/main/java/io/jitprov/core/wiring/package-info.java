/**
 * The one value jit's components share ({@link io.jitprov.core.wiring.JitStores}): the stores,
 * the audit sink and the clock, handed over once, and builders that come with them set.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.wiring;

import org.jspecify.annotations.NullMarked;
