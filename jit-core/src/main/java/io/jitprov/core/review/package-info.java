/**
 * Access reviews: who holds which role, from where, since when, and which grants they had ({@link io.jitprov.core.review.AccessReview}), as JSON or CSV.
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.review;

import org.jspecify.annotations.NullMarked;
