package io.jitprov.core.review;

import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.elevation.AccessGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The JSON form of an {@link AccessReview}, written as it goes. */
final class ReviewJson {

    private final Appendable out;
    private boolean first = true;

    ReviewJson(Appendable out) {
        this.out = out;
    }

    void begin(String tenantId, Instant generatedAt, Duration neverUsedAfter) {
        write("{\"tenant\":" + string(tenantId) + ",\"generatedAt\":" + string(generatedAt.toString())
                + ",\"neverUsedAfter\":" + string(neverUsedAfter.toString()) + ",\"accounts\":[");
    }

    void account(AccessReview.ReviewedAccount entry) {
        Account account = entry.account();
        StringBuilder json = new StringBuilder(first ? "\n" : ",\n");
        first = false;
        json.append("{\"id\":").append(string(account.id()))
                .append(",\"email\":").append(string(account.email()))
                .append(",\"kind\":").append(string(lower(account.kind().name())))
                .append(",\"status\":").append(string(lower(account.status().name())))
                .append(",\"createdAt\":").append(string(account.createdAt().toString()))
                .append(",\"lastLoginAt\":").append(string(text(account.lastLoginAt())))
                .append(",\"neverUsed\":").append(entry.neverUsed())
                .append(",\"identities\":[");
        List<ExternalIdentity> identities = account.identities();
        for (int i = 0; i < identities.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"issuer\":").append(string(identities.get(i).issuer()))
                    .append(",\"subject\":").append(string(identities.get(i).subject())).append('}');
        }
        json.append("],\"roles\":[");
        List<AssignedRole> roles = account.roles().stream()
                .sorted((a, b) -> (a.role() + a.source()).compareTo(b.role() + b.source())).toList();
        for (int i = 0; i < roles.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"role\":").append(string(roles.get(i).role()))
                    .append(",\"source\":").append(string(lower(roles.get(i).source().name()))).append('}');
        }
        json.append("],\"grants\":[");
        for (int i = 0; i < entry.grants().size(); i++) {
            json.append(i == 0 ? "" : ",");
            grant(json, entry.grants().get(i));
        }
        write(json.append("]}"));
    }

    private static void grant(StringBuilder json, AccessGrant grant) {
        json.append("{\"id\":").append(string(grant.id()))
                .append(",\"role\":").append(string(grant.role()))
                .append(",\"status\":").append(string(lower(grant.status().name())))
                .append(",\"requestedBy\":").append(string(grant.accountId()))
                .append(",\"requestedAt\":").append(string(grant.requestedAt().toString()))
                .append(",\"duration\":").append(string(grant.duration().toString()))
                .append(",\"justification\":").append(string(grant.justification()))
                .append(",\"ticket\":").append(string(grant.ticket()))
                .append(",\"approvedBy\":[");
        for (int i = 0; i < grant.approvals().size(); i++) {
            json.append(i == 0 ? "" : ",").append(string(grant.approvals().get(i).approverId()));
        }
        json.append("],\"activatedAt\":").append(string(text(grant.activatedAt())))
                .append(",\"expiresAt\":").append(string(text(grant.expiresAt())))
                .append(",\"endedAt\":").append(string(text(grant.endedAt())))
                .append(",\"endedBy\":").append(string(grant.endedBy()))
                .append(",\"endReason\":").append(string(grant.endReason())).append('}');
    }

    void end() {
        write("\n]}\n");
    }

    private void write(CharSequence text) {
        AccessReview.append(out, text);
    }

    static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A JSON string (RFC 8259 §7), or {@code null}. */
    static String string(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
