package io.jitprov.config;

import io.jitprov.core.IdentityKind;
import io.jitprov.core.tenant.AttributeSync;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.LinkPolicy;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.SyncMode;
import io.jitprov.core.tenant.Tenant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * A tenant's policy, as the file's {@code tenants[i]} and a registry tenant document both say it:
 * who may sign in, how accounts are linked and synced, roles, elevation and when access ends.
 */
final class ConfigTenant {

    private static final String[] POLICY = {"jit", "requiredGroups", "allowedKinds", "seatLimit", "linkPolicy",
        "syncMode", "roles", "elevation", "inactivityLimit", "accessEndAttribute", "statusAttribute", "attributeSync"};

    private ConfigTenant() {
    }

    /** The policy's settings, and {@code more}. */
    static String[] fields(String... more) {
        return Stream.concat(Arrays.stream(more), Arrays.stream(POLICY)).toArray(String[]::new);
    }

    /**
     * Reads the policy into {@code tenant} and builds it.
     *
     * @param writing whether someone is writing it now (the file, an admin): a role rule above the
     *     ceiling is then refused; in a stored document it is kept and clipped at login
     */
    static Optional<Tenant> read(ConfigNode entry, Tenant.Builder tenant, boolean writing) {
        tenant.jitEnabled(entry.get("jit").bool(true));
        tenant.requireAnyGroup(entry.get("requiredGroups").texts().toArray(String[]::new));
        List<IdentityKind> kinds = new ArrayList<>();
        entry.get("allowedKinds").list().forEach(kind -> kind.choice(IdentityKind.class).ifPresent(kinds::add));
        if (!kinds.isEmpty()) {
            tenant.allowedKinds(kinds.toArray(IdentityKind[]::new));
        }
        entry.get("seatLimit").integer().ifPresent(tenant::seatLimit);
        entry.get("linkPolicy").choice(LinkPolicy.class).ifPresent(tenant::linkPolicy);
        entry.get("syncMode").choice(SyncMode.class).ifPresent(tenant::syncMode);
        entry.get("attributeSync").fields().forEach((name, sync) ->
                sync.choice(AttributeSync.class).ifPresent(mode -> tenant.attributeSync(name, mode)));
        readRoles(entry.get("roles"), writing).ifPresent(tenant::roleMapping);
        tenant.elevation(ConfigElevation.rules(entry.get("elevation")).toArray(ElevationRule[]::new));
        readAccessEnds(entry, tenant);
        try {
            return Optional.of(tenant.build());
        } catch (IllegalArgumentException e) {
            entry.problem(null, e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code inactivityLimit}, {@code accessEndAttribute} and {@code statusAttribute}: when access ends. */
    private static void readAccessEnds(ConfigNode entry, Tenant.Builder tenant) {
        entry.get("inactivityLimit").duration().ifPresent(tenant::inactivityLimit);
        entry.get("accessEndAttribute").text().ifPresent(tenant::accessEndAttribute);
        ConfigNode status = entry.get("statusAttribute");
        if (!status.present()) {
            return;
        }
        status.allowOnly("name", "activeValues");
        String name = status.get("name").requiredText();
        List<String> active = status.get("activeValues").texts();
        if (active.isEmpty()) {
            status.problem("activeValues", "must list the values that mean active, e.g. [ACTIVE]");
        } else if (!name.isEmpty()) {
            tenant.statusAttribute(name, active.toArray(String[]::new));
        }
    }

    private static Optional<RoleMapping> readRoles(ConfigNode roles, boolean writing) {
        if (!roles.present()) {
            return Optional.empty();
        }
        roles.allowOnly("rules", "defaultRoles", "allowedRoles", "humanOnlyRoles");
        RoleMapping.Builder mapping = RoleMapping.builder();
        for (ConfigNode rule : roles.get("rules").list()) {
            rule.allowOnly("group", "prefix", "regex", "role");
            String role = rule.get("role").requiredText();
            Optional<String> group = rule.get("group").text();
            Optional<String> prefix = rule.get("prefix").text();
            Optional<String> regex = rule.get("regex").text();
            if ((group.isPresent() ? 1 : 0) + (prefix.isPresent() ? 1 : 0) + (regex.isPresent() ? 1 : 0) != 1) {
                rule.problem(null, "needs exactly one of group, prefix and regex");
                continue;
            }
            try {
                mapping.rule(group.map(g -> RoleRule.exact(g, role)).or(() -> prefix.map(p -> RoleRule.prefix(p, role)))
                        .orElseGet(() -> RoleRule.regex(regex.orElseThrow(), role)));
            } catch (PatternSyntaxException e) {
                rule.problem("regex", "is not a valid regular expression: " + e.getDescription());
            } catch (IllegalArgumentException e) {
                rule.problem(null, e.getMessage());
            }
        }
        mapping.defaultRoles(roles.get("defaultRoles").texts().toArray(String[]::new));
        List<String> allowed = roles.get("allowedRoles").texts();
        if (!allowed.isEmpty()) {
            mapping.allowedRoles(allowed.toArray(String[]::new));
        }
        mapping.humanOnlyRoles(roles.get("humanOnlyRoles").texts().toArray(String[]::new));
        RoleMapping built = mapping.build();
        if (!writing) {
            return Optional.of(built); // a stored mapping above a lowered ceiling is clipped at login, not refused
        }
        // Whoever writes a mapping hears of a role it can never give.
        for (String role : built.rolesAboveCeiling()) {
            roles.problem(null, "Role [" + role + "] is mapped but not in allowedRoles " + built.allowedRoles());
        }
        return built.rolesAboveCeiling().isEmpty() ? Optional.of(built) : Optional.empty();
    }
}
