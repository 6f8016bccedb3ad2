/**
 * jit's stores in the application's database (H2 and PostgreSQL): accounts, the audit trail, the replay cache, grants and delegations. Each takes a {@link javax.sql.DataSource} and never owns the pool; the schema ships next to the classes.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.jdbc;

import org.jspecify.annotations.NullMarked;
