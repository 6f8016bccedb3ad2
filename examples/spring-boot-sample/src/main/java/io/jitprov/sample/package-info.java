/** A Spring Boot application signing people in with jit-spring-boot-starter. */
@NullMarked
package io.jitprov.sample;

import org.jspecify.annotations.NullMarked;
