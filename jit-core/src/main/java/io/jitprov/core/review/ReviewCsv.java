package io.jitprov.core.review;

import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.elevation.AccessGrant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The CSV form of an {@link AccessReview} (RFC 4180, CRLF line ends): one row per role held or
 * grant asked for, so a reviewer can filter and sign off each entitlement.
 */
final class ReviewCsv {

    private static final List<String> COLUMNS = List.of("account_id", "email", "kind", "status", "created_at",
            "last_login_at", "never_used", "role", "source", "grant_id", "grant_status", "requested_at",
            "justification", "ticket", "approved_by", "expires_at", "ended_at", "ended_by", "end_reason");

    private final Appendable out;

    ReviewCsv(Appendable out) {
        this.out = out;
    }

    void header() {
        row(new ArrayList<>(COLUMNS));
    }

    void account(AccessReview.ReviewedAccount entry) {
        Account account = entry.account();
        List<String> base = List.of(account.id(), nonNull(account.email()), ReviewJson.lower(account.kind().name()),
                ReviewJson.lower(account.status().name()), account.createdAt().toString(),
                nonNull(ReviewJson.text(account.lastLoginAt())), String.valueOf(entry.neverUsed()));
        List<AssignedRole> roles = account.roles().stream()
                .sorted((a, b) -> (a.role() + a.source()).compareTo(b.role() + b.source())).toList();
        for (AssignedRole role : roles) {
            List<String> cells = new ArrayList<>(base);
            cells.add(role.role());
            cells.add(ReviewJson.lower(role.source().name()));
            padTo(cells);
            row(cells);
        }
        for (AccessGrant grant : entry.grants()) {
            List<String> cells = new ArrayList<>(base);
            cells.addAll(List.of(grant.role(), "grant", grant.id(), ReviewJson.lower(grant.status().name()),
                    grant.requestedAt().toString(), nonNull(grant.justification()), nonNull(grant.ticket()),
                    grant.approvals().stream().map(AccessGrant.Approval::approverId).collect(Collectors.joining(" ")),
                    nonNull(ReviewJson.text(grant.expiresAt())), nonNull(ReviewJson.text(grant.endedAt())),
                    nonNull(grant.endedBy()), nonNull(grant.endReason())));
            row(cells);
        }
        if (roles.isEmpty() && entry.grants().isEmpty()) {
            List<String> cells = new ArrayList<>(base);
            padTo(cells);
            row(cells);
        }
    }

    private static void padTo(List<String> cells) {
        while (cells.size() < COLUMNS.size()) {
            cells.add("");
        }
    }

    private void row(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
        }
        AccessReview.append(out, line.append("\r\n"));
    }

    /**
     * Quoted when it must be, and defused when a spreadsheet would run it as a formula (a
     * justification of {@code =HYPERLINK(...)} is text, not a link): OWASP's CSV injection advice.
     */
    static String cell(String value) {
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String nonNull(@Nullable String value) {
        return value == null ? "" : value;
    }
}
