package io.jitprov.core.elevation;

/**
 * Decides an elevation request that needs approval, or leaves it to people. The default,
 * {@link #PEOPLE}, defers: the tenant's approvers act through {@link Elevation#approve} and
 * {@link Elevation#deny}. An implementation can approve from a ticketing system, refuse outside
 * working hours, or page an on-call manager and defer.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ApprovalHandler {

    /** The approver recorded when a handler approves. */
    String HANDLER_APPROVER = "jit:approval-handler";

    /** Leaves every decision to the tenant's approvers. */
    ApprovalHandler PEOPLE = pending -> Decision.DEFER;

    /** What the handler decided. */
    enum Decision {
        /** Counts as one approval (a break-glass grant still needs a person's second). */
        APPROVE,
        /** Refuses the request. */
        DENY,
        /** Leaves it pending for the approvers. */
        DEFER
    }

    /** Called once, right after a request that needs approval was stored as pending. */
    Decision decide(AccessGrant pending);
}
