/**
 * The attribute schema a login's attributes are checked against: required and optional attributes, types, formats, sizes and freshness.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.attributes;

import org.jspecify.annotations.NullMarked;
