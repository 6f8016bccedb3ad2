/**
 * jit for Spring Boot: {@link io.jitprov.spring.JitAutoConfiguration} reads the {@code jit.*}
 * properties (the configuration file's model) and {@link io.jitprov.spring.JitSecurityConfigurer}
 * joins jit to Spring Security.
 */
@NullMarked
package io.jitprov.spring;

import org.jspecify.annotations.NullMarked;
