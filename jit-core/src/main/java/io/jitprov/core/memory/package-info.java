/**
 * The stores in this JVM's memory: for tests and single-node trials; everything is lost on restart.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.memory;

import org.jspecify.annotations.NullMarked;
