package io.jitprov.core.elevation;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.audit.AuditSink;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change of a grant goes through here: stored optimistically (re-read and re-decided when
 * someone else changed it first), then audited, then told to the listener.
 */
final class GrantWrites {

    private static final Logger LOG = LoggerFactory.getLogger(GrantWrites.class);
    private static final int ATTEMPTS = 5;

    private final GrantStore grants;
    private final AuditSink audit;
    private final GrantListener listener;
    private final Clock clock;

    GrantWrites(GrantStore grants, AuditSink audit, GrantListener listener, Clock clock) {
        this.grants = grants;
        this.audit = audit;
        this.listener = listener;
        this.clock = clock;
    }

    AccessGrant create(AccessGrant grant, AuditAction action, String actor) {
        AccessGrant stored = grants.create(grant);
        recorded(null, stored, action, actor);
        return stored;
    }

    /** Applies {@code change} to the stored grant; refusals from it are audited and rethrown. */
    AccessGrant change(String grantId, AuditAction action, @Nullable String actor, UnaryOperator<AccessGrant> change) {
        for (int attempt = 1; ; attempt++) {
            AccessGrant current = grants.findById(grantId).orElse(null);
            try {
                if (current == null) {
                    throw ElevationChecks.refused(JitErrorCodes.GRANT_NOT_FOUND, "No grant has id " + JitError.quote(grantId));
                }
                AccessGrant stored = grants.update(change.apply(current));
                recorded(current, stored, action, actor);
                return stored;
            } catch (ElevationRefusedException e) {
                refused(action, current == null ? null : current.tenantId(), current == null ? null : current.accountId(),
                        actor, e);
                throw e;
            } catch (StaleGrantException e) {
                if (attempt == ATTEMPTS) {
                    throw new JitStoreException(JitErrorCodes.STORE_CONFLICT, "Grant " + grantId
                            + " kept changing under " + action, e);
                }
            }
        }
    }

    /** Ends an open grant on the system's behalf; false when it had ended already. */
    boolean endBySystem(String grantId, GrantStatus status, AuditAction action, String reason) {
        try {
            change(grantId, action, null, grant -> {
                if (!grant.status().open()) {
                    throw ElevationChecks.refused(JitErrorCodes.GRANT_NOT_OPEN, "Grant " + grantId + " has ended");
                }
                // An active grant past its expiry expired, whatever ends it now.
                boolean lapsed = grant.status() == GrantStatus.ACTIVE && !grant.activeAt(now());
                return grant.ended(lapsed ? GrantStatus.EXPIRED : status, now(), null, clipped(reason));
            });
            return true;
        } catch (ElevationRefusedException e) {
            return false;
        }
    }

    /** The system's reason cut to what a grant keeps: the grant must end whatever the caller wrote. */
    private static String clipped(String reason) {
        int end = Math.min(reason.length(), AccessGrant.MAX_END_REASON_LENGTH);
        if (end < reason.length() && Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end).replace('\u0000', ' ');
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    void refused(AuditAction action, @Nullable String tenantId, @Nullable String accountId, @Nullable String actor,
            ElevationRefusedException e) {
        audit.record(AuditEvent.of(action, AuditOutcome.REFUSED, now()).tenantId(tenantId).accountId(accountId)
                .errors(e.refusal().errors()).actor(actor == null ? null : AuditActor.account(actor)).build());
    }

    private void recorded(@Nullable AccessGrant before, AccessGrant after, AuditAction action, @Nullable String actor) {
        boolean wasActive = before != null && before.status() == GrantStatus.ACTIVE;
        boolean isActive = after.status() == GrantStatus.ACTIVE;
        AuditOutcome outcome = action == AuditAction.ELEVATION_APPROVE && after.status() == GrantStatus.PENDING
                ? AuditOutcome.APPROVED : AuditOutcome.valueOf(after.status().name());
        audit.record(AuditEvent.of(action, outcome, now()).correlationId(after.id()).tenantId(after.tenantId())
                .accountId(after.accountId()).rolesAdded(!wasActive && isActive ? Set.of(after.role()) : Set.of())
                .rolesRemoved(wasActive && !isActive ? Set.of(after.role()) : Set.of())
                .actor(actor == null ? null : AuditActor.account(actor)).build());
        try {
            listener.changed(after);
        } catch (RuntimeException e) {
            LOG.warn("The grant listener failed on grant {} ({}); the change stands", after.id(), e.toString());
        }
    }
}
