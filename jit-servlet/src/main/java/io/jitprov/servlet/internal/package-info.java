/**
 * The HTTP mechanics under jit's endpoints: reading a request within jit's limits
 * ({@link io.jitprov.servlet.internal.ParsedRequest}), the path the container dispatches on
 * ({@link io.jitprov.servlet.internal.RequestPaths}), writing responses and minimal pages, and
 * keeping redirects inside the application. <strong>Not API</strong>: public only so that
 * {@code io.jitprov.servlet} can use it; it may change in any release.
 */
@NullMarked
package io.jitprov.servlet.internal;

import org.jspecify.annotations.NullMarked;
