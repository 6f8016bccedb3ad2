package io.jitprov.core.registry;

import io.jitprov.core.JitError;

/**
 * A write the registry refused because of what is stored: the entry exists already, is gone, or
 * changed since it was read (its version is not the one the writer saw). Nothing was written.
 *
 * @since 0.1
 */
public final class RegistryConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the write was refused. */
    private final JitError error;

    /**
     * @param code {@link io.jitprov.core.JitErrorCodes#ENTRY_EXISTS},
     *     {@link io.jitprov.core.JitErrorCodes#ENTRY_NOT_FOUND} or
     *     {@link io.jitprov.core.JitErrorCodes#VERSION_MISMATCH}
     */
    public RegistryConflictException(String code, String description) {
        super(code + ": " + description, null, false, false);
        this.error = new JitError(code, description);
    }

    /** Why the write was refused, with its stable code. */
    public JitError error() {
        return error;
    }
}
