package io.jitprov.core.elevation;

import io.jitprov.core.Account;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.Refusal;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.StepUp;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The rules an elevation request and its approvers must meet; each failure is a typed refusal. */
final class ElevationChecks {

    private ElevationChecks() {
    }

    static ElevationRefusedException refused(String code, String message) {
        return new ElevationRefusedException(Refusal.of(code, message), null);
    }

    /** The tenant's rule for the role, when the account exists, is active and is eligible. */
    static ElevationRule rule(@Nullable Account account, ElevationRequest request, TenantDirectory tenants) {
        if (account == null) {
            throw refused(JitErrorCodes.NOT_ELIGIBLE, "Account [" + request.accountId() + "] does not exist");
        }
        if (!account.active()) {
            throw refused(JitErrorCodes.ACCOUNT_DISABLED, "Account [" + account.id() + "] is disabled");
        }
        ElevationRule rule = tenants.find(account.tenantId()).flatMap(t -> t.elevationRule(request.role()))
                .orElseThrow(() -> refused(JitErrorCodes.NOT_ELIGIBLE, "Tenant [" + account.tenantId()
                        + "] has no elevation rule for role " + JitError.quote(request.role())));
        if (account.kind() == IdentityKind.WORKLOAD && tenants.find(account.tenantId()).orElseThrow().roleMapping()
                .humanOnlyRoles().contains(request.role())) {
            throw refused(JitErrorCodes.NOT_ELIGIBLE, "Role " + JitError.quote(request.role())
                    + " is for people only, and account [" + account.id() + "] is a workload");
        }
        if (!rule.eligible(account)) {
            throw refused(JitErrorCodes.NOT_ELIGIBLE, "Account [" + account.id() + "] is not eligible for role "
                    + JitError.quote(request.role()));
        }
        return rule;
    }

    /**
     * The request's texts fit the grant's columns and survive every store unchanged: checked before
     * anything is read or written, so that a store is never the one to refuse them.
     */
    static void texts(ElevationRequest request) {
        text("justification", strippedOrNull(request.justification()), AccessGrant.MAX_JUSTIFICATION_LENGTH);
        text("ticket", strippedOrNull(request.ticket()), AccessGrant.MAX_TICKET_LENGTH);
        text("session id", request.sessionId(), AccessGrant.MAX_SESSION_ID_LENGTH);
    }

    /** Refuses ({@code text_invalid}) a text longer than {@code max}, or one holding NUL or a lone surrogate. */
    static void text(String what, @Nullable String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw refused(JitErrorCodes.TEXT_INVALID, "The " + what + " has " + value.length()
                    + " characters, at most " + max + " are kept");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (c == 0 || Character.isSurrogate(c) && !pair) {
                // PostgreSQL refuses NUL, and a lone surrogate is stored as '?': neither is kept as sent.
                throw refused(JitErrorCodes.TEXT_INVALID, "The " + what + " holds a NUL character or a lone"
                        + " surrogate at position " + i);
            }
            i += pair ? 1 : 0;
        }
    }

    /** A text as a grant keeps it: stripped, and {@code null} when blank. */
    static @Nullable String strippedOrNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Justification, ticket and step-up, as the rule asks. */
    static void request(Account account, ElevationRule rule, ElevationRequest request, Instant now) {
        if (rule.justificationRequired() && blank(request.justification())) {
            throw refused(JitErrorCodes.JUSTIFICATION_REQUIRED, "Role [" + rule.role() + "] needs a justification");
        }
        if (rule.ticketRequired() && blank(request.ticket())) {
            throw refused(JitErrorCodes.TICKET_REQUIRED, "Role [" + rule.role() + "] needs a ticket reference");
        }
        StepUp stepUp = rule.stepUp().orElse(null);
        if (stepUp != null && !stepUp.satisfiedBy(request.authentication(), now)) {
            throw new ElevationRefusedException(Refusal.of(JitErrorCodes.STEP_UP_REQUIRED, "Role [" + rule.role()
                    + "] needs an authentication of account [" + account.id() + "] within " + stepUp.maxAge()
                    + (stepUp.contexts().isEmpty() ? "" : " using one of " + stepUp.contexts())
                    + (stepUp.requiresMfa() ? " with multiple factors" : "")), stepUp);
        }
    }

    /** The requested duration, or the longest the rule gives this kind of account; never longer. */
    static Duration duration(Account account, ElevationRule rule, @Nullable Duration requested) {
        Duration longest = rule.maxDuration(account.kind());
        Duration duration = requested == null ? longest : requested;
        if (duration.isNegative() || duration.isZero() || duration.compareTo(longest) > 0) {
            throw refused(JitErrorCodes.DURATION_INVALID, "Role [" + rule.role() + "] can be granted to "
                    + account.kind().name().toLowerCase(Locale.ROOT) + " accounts for up to " + longest
                    + ", not " + duration);
        }
        return duration;
    }

    /** Refuses asking for a role the account holds, or has asked for and not yet lost. */
    static void notHeld(Account account, String role, List<AccessGrant> open, Instant now) {
        if (account.roleNames().contains(role)) {
            throw refused(JitErrorCodes.ROLE_ALREADY_HELD, "Account [" + account.id() + "] holds role [" + role + "]");
        }
        for (AccessGrant grant : open) {
            if (grant.role().equals(role) && (grant.status() == GrantStatus.PENDING || grant.activeAt(now))) {
                throw refused(JitErrorCodes.ROLE_ALREADY_HELD, "Account [" + account.id() + "] already has grant "
                        + grant.id() + " of role [" + role + "]");
            }
        }
    }

    /** The approver may approve or deny this grant, and has not approved it already. */
    static void approver(AccessGrant grant, ElevationRule rule, boolean mayApprove, String approverId) {
        canDecide(grant, rule, mayApprove, approverId);
        if (grant.approvedBy(approverId)) {
            throw refused(JitErrorCodes.APPROVER_NOT_ALLOWED, "Account [" + approverId + "] approved grant "
                    + grant.id() + " already; a second approval must come from someone else");
        }
    }

    /** The account may decide the grant ({@code mayApprove}), and is not the requester. */
    static void canDecide(AccessGrant grant, ElevationRule rule, boolean mayApprove, String approverId) {
        if (approverId.equals(grant.accountId())) {
            throw refused(JitErrorCodes.APPROVER_NOT_ALLOWED, "Account [" + approverId + "] cannot approve its own"
                    + " request");
        }
        if (!mayApprove) {
            throw refused(JitErrorCodes.APPROVER_NOT_ALLOWED, "Account [" + approverId + "] is not an active"
                    + " approver of tenant [" + grant.tenantId() + "] for role [" + grant.role() + "]; approvers hold "
                    + rule.approverRoles() + " or a delegation to approve");
        }
    }

    /** An active account of the grant's tenant holding an approver role, not the requester. */
    static boolean mayApproveInTenant(AccessGrant grant, ElevationRule rule, Account approver) {
        return approver.active() && approver.tenantId().equals(grant.tenantId())
                && !approver.id().equals(grant.accountId())
                && approver.roleNames().stream().anyMatch(rule.approverRoles()::contains);
    }

    private static boolean blank(@Nullable String text) {
        return text == null || text.isBlank();
    }
}
