/** jit's sign-ins and SCIM requests as Micrometer meters: {@link io.jitprov.micrometer.JitMeters}. */
@NullMarked
package io.jitprov.micrometer;

import org.jspecify.annotations.NullMarked;
