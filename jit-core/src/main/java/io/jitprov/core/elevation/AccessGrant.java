package io.jitprov.core.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A time-bound elevation: one role for one account, requested, maybe approved, then active until
 * {@code expiresAt}. Whether it gives the role is decided against the clock on every check
 * ({@link #activeAt(Instant)}), so a sweeper that runs late can never extend it.
 *
 * @param id identifies the grant
 * @param tenantId the account's tenant
 * @param accountId who receives the role
 * @param role the role the grant gives
 * @param status where it stands
 * @param requestedAt when it was requested
 * @param duration how long it lasts once active
 * @param justification why, in the requester's words, when given
 * @param ticket the change or incident reference, when given
 * @param sessionId the IdP session (SAML SessionIndex, OIDC {@code sid}) it was requested in, so
 *     logging out of that session ends it
 * @param approvals who approved it, in order
 * @param activatedAt when it started giving the role
 * @param expiresAt when it stops giving the role
 * @param endedAt when it was denied, revoked or marked expired
 * @param endedBy the account that ended it, or {@code null} for the system
 * @param endReason why it ended
 * @param version incremented by every update, for optimistic concurrency
 * @since 0.1
 */
public record AccessGrant(String id, String tenantId, String accountId, String role, GrantStatus status,
        Instant requestedAt, Duration duration, @Nullable String justification, @Nullable String ticket,
        @Nullable String sessionId, List<Approval> approvals, @Nullable Instant activatedAt,
        @Nullable Instant expiresAt, @Nullable Instant endedAt, @Nullable String endedBy, @Nullable String endReason,
        long version) {

    /** Longest {@link #justification()} kept: the size of the JDBC column, in UTF-16 characters. */
    public static final int MAX_JUSTIFICATION_LENGTH = 2000;

    /** Longest {@link #ticket()} kept: the size of the JDBC column, in UTF-16 characters. */
    public static final int MAX_TICKET_LENGTH = 255;

    /** Longest {@link #sessionId()} kept: the size of the JDBC column, in UTF-16 characters. */
    public static final int MAX_SESSION_ID_LENGTH = 1024;

    /** Longest {@link #endReason()} kept: the size of the JDBC column, in UTF-16 characters. */
    public static final int MAX_END_REASON_LENGTH = 255;

    /**
     * One approval of a grant.
     *
     * @param approverId the approving account
     * @param at when it approved
     */
    public record Approval(String approverId, Instant at) {

        /** Refuses missing components. */
        public Approval {
            Objects.requireNonNull(approverId, "approverId cannot be null");
            Objects.requireNonNull(at, "at cannot be null");
        }
    }

    /** Refuses missing components, and an active grant without its start and end. */
    public AccessGrant {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(accountId, "accountId cannot be null");
        Objects.requireNonNull(role, "role cannot be null");
        Objects.requireNonNull(status, "status cannot be null");
        Objects.requireNonNull(requestedAt, "requestedAt cannot be null");
        Objects.requireNonNull(duration, "duration cannot be null");
        approvals = List.copyOf(approvals);
        if (status == GrantStatus.ACTIVE && (activatedAt == null || expiresAt == null)) {
            throw new IllegalArgumentException("An active grant needs activatedAt and expiresAt");
        }
    }

    /** Whether the grant gives its role at {@code now}: active and not yet expired. */
    public boolean activeAt(Instant now) {
        return status == GrantStatus.ACTIVE && expiresAt != null && now.isBefore(expiresAt);
    }

    /** Whether {@code accountId} already approved it. */
    public boolean approvedBy(String accountId) {
        return approvals.stream().anyMatch(a -> a.approverId().equals(accountId));
    }

    /** A copy with one more approval, by {@code approverId} at {@code at}. */
    public AccessGrant withApproval(String approverId, Instant at) {
        List<Approval> more = new ArrayList<>(approvals);
        more.add(new Approval(approverId, at));
        return new AccessGrant(id, tenantId, accountId, role, status, requestedAt, duration, justification, ticket,
                sessionId, more, activatedAt, expiresAt, endedAt, endedBy, endReason, version);
    }

    /** A copy made active at {@code at}, running for its duration from then. */
    public AccessGrant activated(Instant at) {
        return new AccessGrant(id, tenantId, accountId, role, GrantStatus.ACTIVE, requestedAt, duration, justification,
                ticket, sessionId, approvals, at, at.plus(duration), null, null, null, version);
    }

    /** A copy ended with {@code newStatus} at {@code at}, by {@code by} (null: the system), for {@code reason}. */
    public AccessGrant ended(GrantStatus newStatus, Instant at, @Nullable String by, String reason) {
        return new AccessGrant(id, tenantId, accountId, role, newStatus, requestedAt, duration, justification, ticket,
                sessionId, approvals, activatedAt, expiresAt, at, by, reason, version);
    }

    /** A copy at {@code newVersion}: what a {@link GrantStore} returns from an update. */
    public AccessGrant atVersion(long newVersion) {
        return new AccessGrant(id, tenantId, accountId, role, status, requestedAt, duration, justification, ticket,
                sessionId, approvals, activatedAt, expiresAt, endedAt, endedBy, endReason, newVersion);
    }
}
