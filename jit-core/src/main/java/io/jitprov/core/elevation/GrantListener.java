package io.jitprov.core.elevation;

/**
 * Told about every change of a grant, after it is stored: the hook to send a mail or a chat
 * message to approvers and requesters. Failures are logged and do not undo the change.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface GrantListener {

    /** Listens to nothing. */
    GrantListener NONE = grant -> { };

    /**
     * Hears of a grant as it is after a change (asked, approved, denied, revoked, expired); may throw, to no
     * effect.
     */
    void changed(AccessGrant grant);
}
