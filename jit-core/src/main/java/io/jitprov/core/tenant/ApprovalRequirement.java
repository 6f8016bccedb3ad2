package io.jitprov.core.tenant;

/**
 * How many people must approve an elevation before it is active. The requester never counts.
 *
 * @since 0.1
 */
public enum ApprovalRequirement {
    /** Active as soon as requested (when eligible and stepped up). */
    NONE,
    /** One approver. */
    ONE,
    /** Two distinct approvers: break-glass access. */
    TWO;

    /** How many approvals activate the grant. */
    public int count() {
        return ordinal();
    }
}
