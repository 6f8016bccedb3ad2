package io.jitprov.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.ElevationRefusedException;
import io.jitprov.core.tenant.ElevationRule;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The elevation endpoints' JSON: grants, eligible roles, refusals. */
final class ElevationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ElevationJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ObjectNode grant(AccessGrant grant) {
        ObjectNode node = JSON.createObjectNode().put("id", grant.id()).put("accountId", grant.accountId())
                .put("role", grant.role()).put("status", grant.status().name().toLowerCase(Locale.ROOT))
                .put("requestedAt", grant.requestedAt().toString())
                .put("durationSeconds", grant.duration().getSeconds());
        putIfPresent(node, "justification", grant.justification());
        putIfPresent(node, "ticket", grant.ticket());
        putIfPresent(node, "activatedAt", text(grant.activatedAt()));
        putIfPresent(node, "expiresAt", text(grant.expiresAt()));
        ArrayNode approvers = node.putArray("approvedBy");
        grant.approvals().forEach(a -> approvers.add(a.approverId()));
        return node;
    }

    static ArrayNode grants(List<AccessGrant> grants) {
        ArrayNode array = JSON.createArrayNode();
        grants.forEach(g -> array.add(grant(g)));
        return array;
    }

    static ArrayNode rules(List<ElevationRule> rules) {
        ArrayNode array = JSON.createArrayNode();
        for (ElevationRule rule : rules) {
            ObjectNode node = array.addObject().put("role", rule.role())
                    .put("maxDurationSeconds", rule.maxDuration().getSeconds())
                    .put("justificationRequired", rule.justificationRequired())
                    .put("ticketRequired", rule.ticketRequired())
                    .put("approvals", rule.approvals().count());
            rule.stepUp().ifPresent(stepUp -> {
                ObjectNode s = node.putObject("stepUp").put("maxAgeSeconds", stepUp.maxAge().getSeconds())
                        .put("mfa", stepUp.requiresMfa());
                stepUp.contexts().forEach(s.putArray("contexts")::add);
            });
        }
        return array;
    }

    static ObjectNode refusal(ElevationRefusedException e, @Nullable String stepUpUrl) {
        ObjectNode node = JSON.createObjectNode().put("error", e.code()).put("message", e.refusal().message());
        putIfPresent(node, "stepUp", stepUpUrl);
        return node;
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void putIfPresent(ObjectNode node, String name, @Nullable String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
