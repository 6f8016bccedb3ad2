/**
 * Helpers jit's modules share. Not API: nothing here is stable, and applications must not use it.
 */
@NullMarked
package io.jitprov.core.internal;

import org.jspecify.annotations.NullMarked;
