/**
 * The self-serve setup pages: a tenant's IT admin, holding a setup link, proves a domain,
 * connects the organisation's IdP and maps its groups to roles, with no one's help.
 */
@NullMarked
package io.jitprov.config.setup;

import org.jspecify.annotations.NullMarked;
