/**
 * Connection events leaving the application: {@link io.jitprov.config.events.WebhookSender} posts
 * each to a URL, signed, retried, and logged.
 */
@NullMarked
package io.jitprov.config.events;

import org.jspecify.annotations.NullMarked;
