package io.jitprov.servlet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.Account;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.Refusal;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.provisioning.DirectoryEntry;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.servlet.ScimJson.ScimException;
import io.jitprov.servlet.ScimProvisioning.ScimTenant;
import io.jitprov.servlet.internal.BadRequestException;
import io.jitprov.servlet.internal.Headers;
import io.jitprov.servlet.internal.ParsedRequest;
import io.jitprov.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code {basePath}/scim/{tenantId}/v2/...}: the Users resource and the ServiceProviderConfig. */
final class ScimEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ScimEndpoints.class);
    private static final String CONTENT_TYPE = "application/scim+json;charset=UTF-8";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 200;
    private static final Pattern USER_NAME_EQ = Pattern.compile("\\s*userName\\s+eq\\s+(\"(?:[^\"\\\\]|\\\\.)*\")\\s*",
            Pattern.CASE_INSENSITIVE);

    private final ScimProvisioning scim;
    private final String endpointUrl;
    private final ToIntFunction<String> endSessions;

    /**
     * @param endpointUrl the absolute URL of {@code {basePath}/scim}, for resource locations
     * @param endSessions ends the sessions of an account on this node
     */
    ScimEndpoints(ScimProvisioning scim, String endpointUrl, ToIntFunction<String> endSessions) {
        this.scim = scim;
        this.endpointUrl = endpointUrl;
        this.endSessions = endSessions;
    }

    /** @param rest the path after {@code /scim}: {@code /{tenantId}/v2/{resource}[/{id}]} */
    void handle(HttpServletRequest request, HttpServletResponse response, String rest) throws IOException {
        String[] parts = rest.split("/", -1);
        if (parts.length < 4 || parts.length > 5 || !parts[0].isEmpty() || !"v2".equals(parts[2])) {
            write(response, 404, ScimJson.error(404, null, "No such SCIM endpoint"));
            return;
        }
        Optional<ScimTenant> tenant = scim.authorize(parts[1], bearer(request));
        if (tenant.isEmpty()) {
            // The same answer for an unknown tenant and a wrong token: neither is revealed.
            response.setHeader("WWW-Authenticate", "Bearer realm=\"jit-scim\"");
            write(response, 401, ScimJson.error(401, null, "A valid bearer token for this tenant is required"));
            return;
        }
        try {
            String id = parts.length == 5 ? parts[4] : null;
            switch (parts[3]) {
                case "Users" -> users(request, response, tenant.get(), id);
                case "ServiceProviderConfig" -> serviceProviderConfig(request, response, id);
                default -> write(response, 404, ScimJson.error(404, null, "No such SCIM resource type"));
            }
        } catch (ScimException e) {
            write(response, e.status(), ScimJson.error(e.status(), e.scimType(), e.getMessage()));
        } catch (JacksonException e) {
            write(response, 400, ScimJson.error(400, "invalidSyntax", "The body is not valid JSON"));
        } catch (JitStoreException e) {
            LOG.warn("SCIM request of tenant [{}] failed on the store", tenant.get().tenantId(), e);
            write(response, 503, ScimJson.error(503, null, "The account store is unavailable; try again later"));
        }
    }

    private void users(HttpServletRequest request, HttpServletResponse response, ScimTenant tenant, @Nullable String id)
            throws IOException {
        String method = request.getMethod();
        if (id == null) {
            switch (method) {
                case "GET" -> write(response, 200, list(tenant, request));
                case "POST" -> create(response, tenant, ScimJson.read(body(request)));
                default -> throw new ScimException(405, null, "Method " + method + " is not allowed on Users");
            }
            return;
        }
        Account account = scim.accounts().findById(id).filter(a -> managedBy(tenant, a))
                .orElseThrow(() -> new ScimException(404, null, "No User " + JitError.quote(id)));
        switch (method) {
            case "GET" -> write(response, 200, resource(account, tenant));
            case "PUT" -> {
                ScimJson.User user = ScimJson.read(body(request));
                // PUT never enables (see update); an unassigned active changes nothing.
                Boolean active = Boolean.FALSE.equals(user.active()) ? Boolean.FALSE : null;
                write(response, 200, resource(update(account, tenant, user, active), tenant));
            }
            case "PATCH" -> {
                ObjectNode resource = resource(account, tenant);
                JsonNode patch = body(request);
                ScimJson.patch(resource, patch);
                // The resource started with the account's status: untouched it changes nothing, removed or
                // set to null it is unassigned (null), which leaves the status as it is.
                ScimJson.User user = ScimJson.read(resource);
                write(response, 200, resource(update(account, tenant, user, user.active()), tenant));
            }
            case "DELETE" -> {
                delete(account, tenant);
                response.setStatus(204);
            }
            default -> throw new ScimException(405, null, "Method " + method + " is not allowed on a User");
        }
    }

    private void create(HttpServletResponse response, ScimTenant tenant, ScimJson.User user) throws IOException {
        ProvisioningResult created = scim.preprovisioner().create(entry(tenant, user), actor(tenant));
        Account account = accepted(created);
        if (Boolean.FALSE.equals(user.active())) {
            account = deactivate(account, tenant);
        }
        ObjectNode resource = resource(account, tenant);
        response.setHeader("Location", resource.path("meta").path("location").asText());
        write(response, 201, resource);
    }

    /**
     * Applies {@code active} and replaces the directory's attributes. {@code false} disables first,
     * so that no attribute problem can keep an account the directory deprovisioned; {@code true}
     * enables; {@code null} leaves the status (PUT never enables: a routine profile push must not
     * revive an account disabled for inactivity; directories reactivate with PATCH).
     */
    private Account update(Account account, ScimTenant tenant, ScimJson.User user, @Nullable Boolean active) {
        Account current = account;
        if (Boolean.FALSE.equals(active) && current.active()) {
            current = deactivate(current, tenant);
        }
        ScimJson.User before = ScimJson.read(resource(account, tenant));
        if (!before.userName().equals(user.userName()) || !before.attributes().equals(user.attributes())) {
            current = accepted(scim.preprovisioner().replace(account.id(), entry(tenant, user), actor(tenant)));
        }
        if (Boolean.TRUE.equals(active) && !current.active()) {
            current = scim.deprovisioner().enable(current.id(), actor(tenant),
                    new JitError(JitErrorCodes.DEPROVISIONED, "The directory reactivated the account (SCIM)"))
                    .orElse(current);
        }
        return current;
    }

    private Account deactivate(Account account, ScimTenant tenant) {
        Optional<Account> disabled = scim.deprovisioner().disable(account.id(), actor(tenant),
                new JitError(JitErrorCodes.DEPROVISIONED, "The directory deactivated the account (SCIM)"));
        endSessions.applyAsInt(account.id());
        return disabled.orElse(account);
    }

    private void delete(Account account, ScimTenant tenant) {
        JitError reason = new JitError(JitErrorCodes.DEPROVISIONED, "The directory deleted the account (SCIM)");
        if (tenant.onDelete() == ScimProvisioning.OnDelete.DELETE) {
            scim.deprovisioner().delete(account.id(), actor(tenant), reason);
        } else {
            scim.deprovisioner().disable(account.id(), actor(tenant), reason);
        }
        endSessions.applyAsInt(account.id());
    }

    private ObjectNode list(ScimTenant tenant, HttpServletRequest request) {
        int startIndex = Math.max(1, intParameter(request, "startIndex", 1));
        int count = Math.min(MAX_PAGE, Math.max(0, intParameter(request, "count", DEFAULT_PAGE)));
        String filter = request.getParameter("filter");
        List<Account> matching = new ArrayList<>();
        int total;
        if (filter != null) {
            scim.accounts().findByIdentity(tenant.tenantId(), tenant.issuer(), userNameFilter(filter))
                    .ifPresent(matching::add);
            total = matching.size();
            matching = startIndex == 1 ? matching.subList(0, Math.min(count, matching.size())) : List.of();
        } else {
            total = page(tenant, startIndex, count, matching);
        }
        ObjectNode list = ScimJson.JSON.createObjectNode();
        list.putArray("schemas").add(ScimJson.LIST_SCHEMA);
        list.put("totalResults", total);
        list.put("startIndex", startIndex);
        list.put("itemsPerPage", matching.size());
        ArrayNode resources = list.putArray("Resources");
        matching.forEach(a -> resources.add(resource(a, tenant)));
        return list;
    }

    /**
     * Whether the directory behind {@code tenant}'s endpoint manages {@code account}: one of its
     * tenant with an identity from its IdP. Accounts that sign in through the tenant's other IdPs
     * are not the directory's: SCIM neither shows them nor changes them, so a directory cannot
     * attach its own subject to someone else's account.
     */
    private static boolean managedBy(ScimTenant tenant, Account account) {
        return account.tenantId().equals(tenant.tenantId())
                && account.identities().stream().anyMatch(i -> i.issuer().equals(tenant.issuer()));
    }

    /** Reads the whole tenant once to count it, keeping the requested page; returns the count. */
    private int page(ScimTenant tenant, int startIndex, int count, List<Account> into) {
        int seen = 0;
        String after = null;
        while (true) {
            List<Account> batch = scim.accounts().list(tenant.tenantId(), after, 500);
            for (Account account : batch) {
                if (!managedBy(tenant, account)) {
                    continue;
                }
                seen++;
                if (seen >= startIndex && into.size() < count) {
                    into.add(account);
                }
            }
            if (batch.size() < 500) {
                return seen;
            }
            after = batch.get(batch.size() - 1).id();
        }
    }

    private static String userNameFilter(String filter) {
        Matcher eq = USER_NAME_EQ.matcher(filter);
        if (!eq.matches()) {
            throw ScimJson.invalid("invalidFilter", "Only the filter userName eq \"...\" is supported");
        }
        try {
            return ScimJson.JSON.readValue(eq.group(1), String.class);
        } catch (JacksonException e) {
            throw ScimJson.invalid("invalidFilter", "The filter's value is not a valid string");
        }
    }


    private void serviceProviderConfig(HttpServletRequest request, HttpServletResponse response, @Nullable String id)
            throws IOException {
        if (id != null || !"GET".equals(request.getMethod())) {
            throw new ScimException(405, null, "ServiceProviderConfig is read-only");
        }
        ObjectNode config = ScimJson.JSON.createObjectNode();
        config.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        config.putObject("patch").put("supported", true);
        config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        config.putObject("filter").put("supported", true).put("maxResults", MAX_PAGE);
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", false);
        config.putObject("etag").put("supported", false);
        config.putArray("authenticationSchemes").addObject().put("type", "oauthbearertoken")
                .put("name", "Bearer token").put("description", "The tenant's SCIM token");
        write(response, 200, config);
    }

    private static Account accepted(ProvisioningResult result) {
        if (!result.refused()) {
            return result.account().orElseThrow();
        }
        Refusal refusal = result.refusal().orElseThrow();
        String code = refusal.code();
        if (JitErrorCodes.ACCOUNT_EXISTS.equals(code) || JitErrorCodes.EMAIL_IN_USE.equals(code)) {
            throw new ScimException(409, "uniqueness", refusal.message());
        }
        if (JitErrorCodes.ACCOUNT_NOT_FOUND.equals(code)) {
            throw new ScimException(404, null, refusal.message());
        }
        if (code.startsWith("attribute_") || JitErrorCodes.IDENTITY_INVALID.equals(code)) {
            throw new ScimException(400, "invalidValue", refusal.message());
        }
        throw new ScimException(403, null, refusal.message());
    }

    private static DirectoryEntry entry(ScimTenant tenant, ScimJson.User user) {
        return new DirectoryEntry(tenant.tenantId(), new ExternalIdentity(tenant.issuer(), user.userName()),
                IdentityKind.HUMAN, user.attributes());
    }

    private ObjectNode resource(Account account, ScimTenant tenant) {
        return ScimJson.resource(account, tenant.issuer(), endpointUrl + "/" + tenant.tenantId() + "/v2/Users/"
                + account.id());
    }

    private static AuditActor actor(ScimTenant tenant) {
        return AuditActor.directory(tenant.tenantId());
    }

    private static @Nullable String bearer(HttpServletRequest request) {
        String header = Headers.get(request, "Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private static JsonNode body(HttpServletRequest request) throws IOException {
        byte[] bytes;
        try {
            bytes = ParsedRequest.readAtMost(request, MAX_BODY_BYTES);
        } catch (BadRequestException e) {
            throw new ScimException(e.status(), null, "The body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw ScimJson.invalid("invalidSyntax", "The request needs a JSON body");
        }
        return ScimJson.JSON.readTree(bytes);
    }

    private static int intParameter(HttpServletRequest request, String name, int fallback) {
        String value = request.getParameter(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimJson.invalid("invalidValue", name + " must be a whole number");
        }
    }

    /** A request jit would not read, answered as a SCIM error (RFC 7644 §3.12). */
    static void badRequest(HttpServletResponse response, BadRequestException e) throws IOException {
        write(response, e.status(), ScimJson.error(e.status(), e.status() == 400 ? "invalidSyntax" : null, e.getMessage()));
    }

    private static void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        Responses.text(response, status, CONTENT_TYPE, body.toString());
    }
}
