/**
 * jit's configuration file: one YAML or JSON file describing the base URL, the store, the identity
 * providers and the tenants, validated whole ({@link io.jitprov.config.JitConfigFile}), and the
 * filter that reads it ({@link io.jitprov.config.JitConfigFileFilter}). Only applications that
 * read files depend on this module, and on Jackson YAML and HikariCP with it.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.config;

import org.jspecify.annotations.NullMarked;
