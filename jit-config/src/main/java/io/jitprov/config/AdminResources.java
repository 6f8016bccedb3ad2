package io.jitprov.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.servlet.IdpRoute;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin API's resources: {@code /tenants}, {@code /tenants/{id}}, its {@code /connections}
 * and {@code /domains}, and {@code /connections/{id}}. The back office reaches every tenant; a
 * tenant's admin only their own, and sees any other as absent.
 */
final class AdminResources {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 200;

    private final JitRegistry registry;
    private final String base;
    private final AuditTrail trail;

    AdminResources(JitRegistry registry, String base, AuditTrail trail) {
        this.registry = registry;
        this.base = base;
        this.trail = trail;
    }

    private RegistryEditor edit(AdminCall call) {
        return registry.actingAs(call.caller.actor());
    }

    void serve(AdminCall call) throws IOException {
        List<String> s = call.segments;
        if (s.size() == 1 && s.get(0).equals("tenants")) {
            tenants(call);
        } else if (s.size() == 2 && s.get(0).equals("tenants")) {
            tenant(call, s.get(1));
        } else if (s.size() == 3 && s.get(0).equals("tenants") && s.get(2).equals("connections")) {
            tenantConnections(call, s.get(1));
        } else if (s.size() == 3 && s.get(0).equals("tenants") && s.get(2).equals("domains")) {
            domains(call, s.get(1));
        } else if (s.size() == 4 && s.get(0).equals("tenants") && s.get(2).equals("domains")) {
            allow(call, "DELETE");
            edit(call).releaseDomain(ownTenant(call, s.get(1)).id(), s.get(3));
            call.respond(204, null, null);
        } else if (s.size() == 5 && s.get(0).equals("tenants") && s.get(2).equals("domains") && s.get(4).equals("verify")) {
            allow(call, "POST");
            DomainClaim claim = edit(call).verifyDomainByDns(ownTenant(call, s.get(1)).id(),
                    s.get(3));
            call.respond(200, domain(claim), null);
        } else if (s.size() == 2 && s.get(0).equals("connections")) {
            connection(call, s.get(1));
        } else if (s.size() == 3 && s.get(0).equals("connections") && s.get(2).equals("health")) {
            allow(call, "GET");
            RegistryEntry connection = registry.connection(s.get(1)).orElseThrow(ApiProblem::notFound);
            ownTenant(call, connection.tenantId());
            call.respond(200, health(registry.health(connection.id(), trail).orElseThrow(ApiProblem::notFound)), null);
        } else if (s.size() == 3 && s.get(0).equals("tenants") && s.get(2).equals("setup-links")) {
            setupLinks(call, s.get(1));
        } else if (s.size() == 2 && s.get(0).equals("setup-links")) {
            allow(call, "DELETE");
            requireBackOffice(call, "Only the back office revokes setup links");
            edit(call).revokeSetupLink(s.get(1));
            call.respond(204, null, null);
        } else {
            throw ApiProblem.notFound();
        }
    }

    private void tenants(AdminCall call) throws IOException {
        allow(call, "GET", "POST");
        requireBackOffice(call, "Only the back office lists and adds tenants");
        if (call.method.equals("GET")) {
            int limit = limit(call.query("limit"));
            List<RegistryEntry> page = registry.listTenants(call.query("after"), limit + 1);
            ObjectNode list = AdminCall.JSON.createObjectNode();
            ArrayNode items = list.putArray("items");
            page.stream().limit(limit).forEach(entry -> items.add(tenant(entry)));
            if (page.size() > limit) {
                list.put("next", page.get(limit - 1).id());
            }
            call.respond(200, list, null);
            return;
        }
        ObjectNode body = call.body("id", "settings");
        String id = text(body, "id");
        RegistryEntry created = edit(call).createTenant(id, settings(body));
        call.created(link("tenants", id), tenant(created), created.version());
    }

    private void tenant(AdminCall call, String id) throws IOException {
        allow(call, "GET", "PUT", "DELETE");
        RegistryEntry current = ownTenant(call, id);
        switch (call.method) {
            case "GET" -> call.respond(200, tenant(current), current.version());
            case "PUT" -> {
                long expected = call.ifMatch();
                String settings = settings(call.body("settings"));
                if (!call.caller.backOffice()) {
                    // Checked against the version the change will replace, and no other.
                    requireCurrent(current, expected);
                    requireSameCeiling(current.document(), settings);
                }
                RegistryEntry updated = edit(call).updateTenant(id, expected, settings);
                call.respond(200, tenant(updated), updated.version());
            }
            default -> {
                requireBackOffice(call, "Only the back office deletes tenants");
                edit(call).deleteTenant(id, call.ifMatch());
                call.respond(204, null, null);
            }
        }
    }

    private void tenantConnections(AdminCall call, String tenantId) throws IOException {
        allow(call, "GET", "POST");
        RegistryEntry tenant = ownTenant(call, tenantId);
        if (call.method.equals("GET")) {
            ObjectNode list = AdminCall.JSON.createObjectNode();
            ArrayNode items = list.putArray("items");
            registry.connectionsOf(tenant.id()).forEach(entry -> items.add(connection(entry)));
            call.respond(200, list, null);
            return;
        }
        ObjectNode body = call.body("id", "settings");
        String id = text(body, "id");
        RegistryEntry created = edit(call).createConnection(tenant.id(), id, settings(body));
        call.created(link("connections", id), connection(created), created.version());
    }

    private void connection(AdminCall call, String id) throws IOException {
        allow(call, "GET", "PUT", "DELETE");
        RegistryEntry current = registry.connection(id)
                .filter(entry -> call.caller.backOffice() || entry.tenantId().equals(call.caller.tenantId()))
                .orElseThrow(ApiProblem::notFound);
        switch (call.method) {
            case "GET" -> call.respond(200, connection(current), current.version());
            case "PUT" -> {
                long expected = call.ifMatch();
                RegistryEntry updated = edit(call).updateConnection(id, expected,
                        settings(call.body("settings")));
                call.respond(200, connection(updated), updated.version());
            }
            default -> {
                edit(call).deleteConnection(id, call.ifMatch());
                call.respond(204, null, null);
            }
        }
    }

    private void domains(AdminCall call, String tenantId) throws IOException {
        allow(call, "GET", "POST");
        RegistryEntry tenant = ownTenant(call, tenantId);
        if (call.method.equals("GET")) {
            ObjectNode list = AdminCall.JSON.createObjectNode();
            ArrayNode items = list.putArray("items");
            registry.domains().claimsOf(tenant.id()).forEach(claim -> items.add(domain(claim)));
            call.respond(200, list, null);
            return;
        }
        ObjectNode body = call.body("domain", "includeSubdomains", "verified");
        String name = text(body, "domain");
        boolean subdomains = bool(body, "includeSubdomains");
        DomainClaim claim;
        if (bool(body, "verified")) {
            requireBackOffice(call, "Only the back office vouches for a domain; prove it through DNS instead");
            claim = edit(call).markDomainVerified(tenant.id(), name, subdomains);
        } else {
            claim = edit(call).claimDomain(tenant.id(), name, subdomains);
        }
        call.created(link("tenants", tenant.id(), "domains", claim.domain()), domain(claim), null);
    }

    /**
     * A tenant's setup links: listed, or issued with the URL to hand to its IT admin (the one time
     * its token is shown). The back office's only: a link is a way in to the tenant's settings.
     */
    private void setupLinks(AdminCall call, String tenantId) throws IOException {
        allow(call, "GET", "POST");
        requireBackOffice(call, "Only the back office issues setup links");
        RegistryEntry tenant = ownTenant(call, tenantId);
        if (call.method.equals("GET")) {
            ObjectNode list = AdminCall.JSON.createObjectNode();
            ArrayNode items = list.putArray("items");
            registry.setupLinksOf(tenant.id()).forEach(link -> items.add(setupLink(link)));
            call.respond(200, list, null);
            return;
        }
        JsonNode days = call.body("validDays").get("validDays");
        if (days != null && (!days.canConvertToInt() || !days.isIntegralNumber() || days.asInt() < 1
                || days.asInt() > SetupLinks.MAX_VALIDITY.toDays())) {
            throw ApiProblem.invalid(List.of("validDays: must be a whole number of days, 1 to "
                    + SetupLinks.MAX_VALIDITY.toDays()));
        }
        SetupLink link = edit(call).issueSetupLink(tenant.id(), days == null ? SetupLinks.DEFAULT_VALIDITY
                : java.time.Duration.ofDays(days.asInt()));
        ObjectNode body = setupLink(link).put("token", link.token());
        call.endpoints().ifPresent(at -> body.put("url", link.url(at.base())));
        call.created(link("setup-links", link.id()), body, null);
    }

    private static ObjectNode health(ConnectionHealth health) {
        ObjectNode json = AdminCall.JSON.createObjectNode().put("id", health.connectionId())
                .put("tenantId", health.tenantId()).put("active", health.active()).put("protocol", health.protocol())
                .put("idp", health.idp()).put("refreshed", health.refreshed());
        json.put("lastSignIn", health.lastSignIn() == null ? null : health.lastSignIn().toString());
        json.put("readFailure", health.readFailure());
        ArrayNode refusals = json.putArray("refusals");
        health.refusals().forEach(r -> refusals.addObject().put("at", r.at().toString()).put("reference", r.reference())
                .put("code", r.code()).put("description", r.description()).put("meaning", r.meaning()).put("fix", r.fix()));
        ArrayNode certificates = json.putArray("certificates");
        health.certificates().forEach(c -> certificates.addObject().put("subject", c.subject())
                .put("expiresAt", c.expiresAt().toString()));
        return json;
    }

    private static ObjectNode setupLink(SetupLink link) {
        return AdminCall.JSON.createObjectNode().put("id", link.id()).put("tenantId", link.tenantId())
                .put("expiresAt", link.expiresAt().toString());
    }

    /** The URL path of a resource, each segment percent-encoded. */
    private String link(String... segments) {
        StringBuilder path = new StringBuilder(base);
        for (String segment : segments) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    /** The tenant {@code id}, when the caller may see it; any other is absent to them. */
    private RegistryEntry ownTenant(AdminCall call, String id) {
        if (!call.caller.backOffice() && !id.equals(call.caller.tenantId())) {
            throw ApiProblem.notFound();
        }
        return registry.tenant(id).orElseThrow(ApiProblem::notFound);
    }

    private static void requireCurrent(RegistryEntry current, long expected) {
        if (current.version() != expected) {
            throw new ApiProblem(412, "version_mismatch", "This tenant changed since you read it: read it again");
        }
    }

    /**
     * A tenant's admin changes their policy, never the plan's limits the back office set: the
     * ceiling, the seat limit, and, where no ceiling was given, the roles the stored policy names.
     */
    private static void requireSameCeiling(String stored, String wanted) {
        JsonNode before = parse(stored);
        JsonNode after = parse(wanted);
        for (String[] path : new String[][] {{"roles", "allowedRoles"}, {"seatLimit"}}) {
            if (!Objects.equals(at(before, path), at(after, path))) {
                throw ApiProblem.forbidden("Only the back office changes " + String.join(".", path));
            }
        }
        Set<String> allowed = at(before, new String[] {"roles", "allowedRoles"}).map(AdminResources::texts)
                .orElseGet(() -> rolesNamed(before));
        Set<String> added = new TreeSet<>(rolesNamed(after));
        added.removeAll(allowed);
        if (!added.isEmpty()) {
            throw ApiProblem.forbidden("Only the back office adds roles: " + added);
        }
    }

    /** Every role a policy names: rules, defaults, human-only roles and elevation. */
    private static Set<String> rolesNamed(JsonNode policy) {
        Set<String> roles = new TreeSet<>();
        policy.path("roles").path("rules").forEach(rule -> roles.add(rule.path("role").asText()));
        roles.addAll(texts(policy.path("roles").path("defaultRoles")));
        roles.addAll(texts(policy.path("roles").path("humanOnlyRoles")));
        policy.path("elevation").forEach(rule -> roles.add(rule.path("role").asText()));
        return roles;
    }

    private static Set<String> texts(JsonNode list) {
        Set<String> texts = new TreeSet<>();
        list.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static Optional<JsonNode> at(JsonNode node, String[] path) {
        JsonNode here = node;
        for (String field : path) {
            here = here.path(field);
        }
        return here.isMissingNode() || here.isNull() ? Optional.empty() : Optional.of(here);
    }

    private ObjectNode tenant(RegistryEntry entry) {
        ObjectNode node = AdminCall.JSON.createObjectNode().put("id", entry.id()).put("version", entry.version())
                .put("updatedAt", entry.updatedAt().toString());
        node.set("settings", parse(entry.document()));
        ArrayNode warnings = node.putArray("warnings");
        registry.tenants().find(entry.id()).ifPresent(tenant -> tenant.roleMapping().rolesAboveCeiling()
                .forEach(role -> warnings.add("roles.rules: maps role [" + role + "], which is above roles.allowedRoles:"
                        + " it is skipped at login")));
        return node;
    }

    private static ObjectNode connection(RegistryEntry entry) {
        ObjectNode node = AdminCall.JSON.createObjectNode().put("id", entry.id()).put("tenantId", entry.tenantId())
                .put("version", entry.version()).put("updatedAt", entry.updatedAt().toString());
        RegistryDocuments.route(entry.key()).ifPresent(route -> node.put("protocol",
                route.protocol() == IdpRoute.Protocol.SAML ? "saml" : "oidc").put("idp", route.id()));
        JsonNode settings = parse(entry.document());
        if (settings.path("oidc") instanceof ObjectNode oidc && oidc.has("clientSecret")) {
            oidc.putObject("clientSecret").put("set", true); // never the secret, nor its seal
        }
        node.set("settings", settings);
        return node;
    }

    private static ObjectNode domain(DomainClaim claim) {
        ObjectNode node = AdminCall.JSON.createObjectNode().put("domain", claim.domain())
                .put("includeSubdomains", claim.includeSubdomains()).put("verified", claim.verified())
                .put("claimedAt", claim.claimedAt().toString());
        if (claim.verified()) {
            node.put("verifiedAt", String.valueOf(claim.verifiedAt()))
                    .put("proof", claim.proof() == DomainClaim.Proof.DNS_TXT ? "dns" : "back_office");
        } else {
            node.putObject("txtRecord").put("name", claim.txtRecordName()).put("value", claim.txtRecordValue());
        }
        return node;
    }

    private static JsonNode parse(String document) {
        try {
            return AdminCall.JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return AdminCall.JSON.createObjectNode(); // stored before a check existed: shown empty, never thrown
        }
    }

    private static String settings(ObjectNode body) {
        JsonNode settings = body.get("settings");
        if (settings == null || !settings.isObject()) {
            throw ApiProblem.invalid(List.of("settings: must be an object of settings"));
        }
        return settings.toString();
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ApiProblem.invalid(List.of(field + ": is required, as text"));
        }
        return value.asText();
    }

    private static boolean bool(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isBoolean()) {
            throw ApiProblem.invalid(List.of(field + ": must be true or false"));
        }
        return value != null && value.asBoolean();
    }

    private static int limit(String given) {
        if (given == null) {
            return DEFAULT_PAGE;
        }
        if (!given.matches("[1-9][0-9]{0,2}") || Integer.parseInt(given) > MAX_PAGE) {
            throw new ApiProblem(400, "invalid_request", "limit must be 1 to " + MAX_PAGE);
        }
        return Integer.parseInt(given);
    }

    private static void allow(AdminCall call, String... methods) {
        if (!List.of(methods).contains(call.method)) {
            throw ApiProblem.methodNotAllowed(List.of(methods));
        }
    }

    private static void requireBackOffice(AdminCall call, String why) {
        if (!call.caller.backOffice()) {
            throw ApiProblem.forbidden(why);
        }
    }
}
