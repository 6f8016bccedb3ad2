package io.jitprov.config;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.tenant.DomainClaimException;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.JitPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's admin API over HTTP, JSON in and out, mounted under the filter's base path
 * ({@link #PATH}, e.g. {@code /sso/admin/api}) with {@link JitLogin.Builder#mount}:
 *
 * <ul>
 * <li>{@code /tenants} (list, paged with {@code after} and {@code limit}; add),
 *     {@code /tenants/{id}} (read, replace, delete);
 * <li>{@code /tenants/{id}/connections} (list, add), {@code /connections/{id}} (read, replace, delete),
 *     {@code /connections/{id}/health} (its last sign-ins and refusals, its IdP's state);
 * <li>{@code /tenants/{id}/domains} (list, claim), {@code /tenants/{id}/domains/{domain}/verify}
 *     (prove by DNS), {@code /tenants/{id}/domains/{domain}} (release).
 * </ul>
 *
 * <p>Every resource has a version, sent as its {@code ETag}; a change to one needs
 * {@code If-Match} (428 without it) and a stale one gets 412 with nothing written. Refusals are
 * RFC 9457 problem documents ({@code application/problem+json}) with a stable {@code code} and,
 * for a document, every problem with its path, as the configuration file reports them.
 *
 * <p>Who may call: the application's back office, with {@code Authorization: Bearer <token>} for
 * one of the tokens whose SHA-256 it was given ({@link Builder#token}); or, from a browser, a
 * signed-in admin of a tenant ({@link Builder#tenantAdminRoles}), who sees only their own tenant,
 * cannot change its ceiling ({@code roles.allowedRoles}) nor its {@code seatLimit}, cannot add or
 * delete tenants nor vouch for a domain, and sends the session's CSRF token
 * ({@code X-CSRF-Token}, from {@link JitFilter#CSRF_TOKEN}) with every change. Every change is an
 * audit event with its actor.
 *
 * @since 0.1
 */
public final class JitAdminApi extends HttpServlet {

    /** Where the API is mounted under the base path. */
    public static final String PATH = "/admin/api";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JitAdminApi.class);

    private final transient JitRegistry registry;
    private final transient AdminTokens tokens;
    private final Set<String> tenantAdminRoles;
    private final transient AuditTrail trail;

    private JitAdminApi(Builder b) {
        this.registry = b.registry;
        this.trail = b.trail;
        this.tokens = b.tokens;
        this.tenantAdminRoles = Set.copyOf(b.tenantAdminRoles);
    }

    /** Starts the API over {@code registry}. */
    public static Builder builder(JitRegistry registry) {
        return new Builder(registry);
    }

    /** The SHA-256 of {@code token}, as {@link Builder#token} takes it: give the API the hash, never the token. */
    public static String hashToken(String token) {
        return Sha256.hex(Objects.requireNonNull(token, "token cannot be null"));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object below = request.getAttribute(JitLogin.MOUNTED_PATH);
        Object mountPoint = request.getAttribute(JitLogin.MOUNT_POINT);
        AdminCall call = null;
        try {
            if (!(below instanceof String path) || !(mountPoint instanceof String base)) {
                throw ApiProblem.notFound(); // not reached through JitLogin.mount: no checked path to serve
            }
            call = new AdminCall(caller(request), path, request, response);
            if (!call.caller.backOffice() && !call.method.equals("GET") && !csrfValid(request)) {
                throw ApiProblem.forbidden("Send the session's CSRF token in X-CSRF-Token with every change");
            }
            new AdminResources(registry, base, trail).serve(call);
        } catch (RuntimeException e) {
            ApiProblem problem = problem(e);
            if (call != null && !call.caller.backOffice() && problem.code().equals(JitErrorCodes.ENTRY_EXISTS)) {
                // Names and IdPs are shared by all tenants: a tenant's admin learns only that this one is taken.
                problem = new ApiProblem(409, JitErrorCodes.ENTRY_EXISTS, "This name, or this identity provider, is"
                        + " already in use: choose another name, or ask us if your IdP is registered elsewhere");
            }
            AdminCall answering = call != null ? call
                    : new AdminCall(new AdminCall.Caller(null, null, null), "", request, response);
            answering.problem(problem);
        }
    }

    private AdminCall.Caller caller(HttpServletRequest request) {
        String authorization = AdminCall.header(request, "Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new ApiProblem(401, "unauthenticated", "Send Authorization: Bearer with one of the API's tokens");
            }
            String tokenId = tokens.idOf(authorization.substring(7).strip()).orElseThrow(() ->
                    new ApiProblem(401, "unauthenticated", "This token is not one of the API's tokens"));
            return new AdminCall.Caller(tokenId, null, null);
        }
        if (request.getUserPrincipal() instanceof JitPrincipal principal) {
            if (principal.roles().stream().noneMatch(tenantAdminRoles::contains)) {
                throw ApiProblem.forbidden("Only your organisation's administrators may change its sign-in settings");
            }
            return new AdminCall.Caller(null, principal.tenantId(), principal.accountId());
        }
        throw new ApiProblem(401, "unauthenticated", "Sign in as an administrator, or send the back office's token");
    }

    private static boolean csrfValid(HttpServletRequest request) {
        Object expected = request.getAttribute(JitFilter.CSRF_TOKEN);
        String given = AdminCall.header(request, "X-CSRF-Token");
        return expected instanceof String token && given != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** What the caller is told: every refusal typed, never an internal detail. */
    private static ApiProblem problem(RuntimeException e) {
        if (e instanceof ApiProblem problem) {
            return problem;
        }
        if (e instanceof JitConfigurationException invalid) {
            return ApiProblem.invalid(invalid.problems());
        }
        if (e instanceof RegistryConflictException conflict) {
            String code = conflict.error().code();
            int status = switch (code) {
                case JitErrorCodes.ENTRY_NOT_FOUND -> 404;
                case JitErrorCodes.VERSION_MISMATCH -> 412;
                default -> 409;
            };
            return new ApiProblem(status, code, conflict.error().description());
        }
        if (e instanceof DomainClaimException domain) {
            String code = domain.error().code();
            int status = switch (code) {
                case JitErrorCodes.DOMAIN_ALREADY_CLAIMED, JitErrorCodes.DOMAIN_PROOF_NOT_FOUND -> 409;
                case JitErrorCodes.DOMAIN_NOT_CLAIMED -> 404;
                default -> 422;
            };
            return new ApiProblem(status, code, domain.error().description());
        }
        if (e instanceof JitStoreException) {
            LOG.warn("The admin API could not reach its store: {}", e.getMessage());
            return new ApiProblem(503, "store_unavailable", "The registry cannot be reached now; nothing was written."
                    + " Try again in a minute");
        }
        if (e instanceof IllegalArgumentException bad) {
            return new ApiProblem(400, "invalid_request", String.valueOf(bad.getMessage()));
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("The admin API failed (reference {})", reference, e);
        return new ApiProblem(500, "internal_error", "Something went wrong on our side; reference " + reference);
    }

    /** Configures a {@link JitAdminApi}. */
    public static final class Builder {

        private final JitRegistry registry;
        private AdminTokens tokens = AdminTokens.none();
        private final Set<String> tenantAdminRoles = new LinkedHashSet<>(List.of("admin"));
        private AuditTrail trail = AuditTrail.NONE;

        private Builder(JitRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        }

        /**
         * A token the back office may call with, given as its SHA-256 ({@link #hashToken}) under an
         * id that audit events name. Give several to rotate: the new one, then drop the old.
         *
         * @throws IllegalArgumentException for a hash that is not 64 hex digits, or an id used twice
         */
        public Builder token(String id, String sha256Hex) {
            this.tokens = tokens.with(Objects.requireNonNull(id, "id cannot be null"),
                    Objects.requireNonNull(sha256Hex, "sha256Hex cannot be null"));
            return this;
        }

        /** The roles that make a signed-in person an admin of their own tenant; {@code admin} by default. */
        public Builder tenantAdminRoles(String... roles) {
            tenantAdminRoles.clear();
            tenantAdminRoles.addAll(List.of(roles));
            return this;
        }

        /**
         * Where {@code /connections/{id}/health} reads the last sign-ins through a connection
         * (e.g. the application's {@code JdbcAuditSink}); without it, none are shown.
         */
        public Builder auditTrail(AuditTrail trail) {
            this.trail = Objects.requireNonNull(trail, "trail cannot be null");
            return this;
        }

        /** The API; mount it with {@code JitLogin.Builder.mount(JitAdminApi.PATH, api)}. */
        public JitAdminApi build() {
            return new JitAdminApi(this);
        }
    }
}
