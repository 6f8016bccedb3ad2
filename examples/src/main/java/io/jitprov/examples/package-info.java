/**
 * The runnable demo and the diagnosis commands, behind one {@code main}.
 */
@NullMarked
package io.jitprov.examples;

import org.jspecify.annotations.NullMarked;
