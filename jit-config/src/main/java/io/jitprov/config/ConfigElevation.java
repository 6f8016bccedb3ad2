package io.jitprov.config;

import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.StepUp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code tenants[i].elevation}: the roles a tenant's people may ask for, for a while. */
final class ConfigElevation {

    private ConfigElevation() {
    }

    static List<ElevationRule> rules(ConfigNode elevation) {
        List<ElevationRule> rules = new ArrayList<>();
        Set<String> roles = new HashSet<>();
        for (ConfigNode entry : elevation.list()) {
            entry.allowOnly("role", "eligibleGroups", "eligibleAccounts", "maxDuration", "justificationRequired",
                    "ticketRequired", "approvals", "approverRoles", "stepUp", "workloadsAllowed", "workloadMaxDuration");
            String role = entry.get("role").requiredText();
            if (role.isEmpty()) {
                continue;
            }
            try {
                ElevationRule.Builder rule = ElevationRule.forRole(role)
                        .eligibleGroups(entry.get("eligibleGroups").texts().toArray(String[]::new))
                        .eligibleAccounts(entry.get("eligibleAccounts").texts().toArray(String[]::new))
                        .justificationRequired(entry.get("justificationRequired").bool(false))
                        .ticketRequired(entry.get("ticketRequired").bool(false))
                        .approverRoles(entry.get("approverRoles").texts().toArray(String[]::new));
                entry.get("maxDuration").duration().ifPresent(rule::maxDuration);
                rule.workloadsAllowed(entry.get("workloadsAllowed").bool(false));
                entry.get("workloadMaxDuration").duration().ifPresent(rule::workloadMaxDuration);
                entry.get("approvals").choice(ApprovalRequirement.class).ifPresent(rule::approvals);
                stepUp(entry.get("stepUp")).ifPresent(rule::stepUp);
                if (roles.add(role)) {
                    rules.add(rule.build());
                } else {
                    entry.problem("role", "[" + role + "] has a rule already");
                }
            } catch (IllegalArgumentException e) {
                entry.problem(null, e.getMessage());
            }
        }
        return rules;
    }

    private static Optional<StepUp> stepUp(ConfigNode node) {
        if (!node.present()) {
            return Optional.empty();
        }
        node.allowOnly("maxAge", "contexts", "mfa");
        StepUp stepUp = StepUp.within(node.get("maxAge").duration().orElse(Duration.ofMinutes(10)))
                .contexts(node.get("contexts").texts().toArray(String[]::new));
        return Optional.of(node.get("mfa").bool(false) ? stepUp.mfa() : stepUp);
    }
}
