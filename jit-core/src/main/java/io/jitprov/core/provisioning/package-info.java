/**
 * The login pipeline ({@link io.jitprov.core.provisioning.Provisioner}) that turns a verified identity into a local account, accounts pushed ahead of login ({@link io.jitprov.core.provisioning.Preprovisioner}) and ended ({@link io.jitprov.core.provisioning.Deprovisioner}).
 *
 * @since 0.1
 */
@NullMarked
package io.jitprov.core.provisioning;

import org.jspecify.annotations.NullMarked;
