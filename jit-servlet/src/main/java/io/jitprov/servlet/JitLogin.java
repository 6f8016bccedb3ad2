package io.jitprov.servlet;

import io.jitprov.core.UserStore;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.delegation.Delegations;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.internal.Durations;
import io.jitprov.core.provisioning.AccessSweeper;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.review.AccessReview;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.saml.SamlAuthnRequests;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import io.jitprov.servlet.internal.BadRequestException;
import io.jitprov.servlet.internal.ParsedRequest;
import io.jitprov.servlet.internal.RequestPaths;
import io.jitprov.servlet.internal.Responses;
import io.jitprov.servlet.internal.SafeRedirects;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@link JitFilter} does, independent of how the filter was configured: the SAML and
 * OIDC endpoints under the base path, home-realm discovery, logout, and deciding whether a request
 * to the application may pass.
 *
 * <pre>{@code
 * JitLogin login = JitLogin.builder()
 *         .baseUrl("https://app.example").basePath("/sso")
 *         .stores(stores).provisioner(provisioner).domains(domains)
 *         .saml(serviceProvider, samlIdps, samlVerifier)
 *         .route("acme", IdpRoute.saml("https://idp.acme.test"))
 *         .protectedPaths("/app/")
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class JitLogin {

    /**
     * The largest form jit reads at the SAML endpoints: 1.5 MiB, enough for a response at the
     * verifier's 256 KiB limit in base64 with every character percent-encoded.
     */
    static final int MAX_SAML_FORM_BYTES = 1536 * 1024;
    /** The largest form jit reads at its other endpoints: 64 KiB. */
    static final int MAX_FORM_BYTES = 64 * 1024;

    private final String basePath;
    private final String postLoginPath;
    private final List<String> protectedPaths;
    private final SignInEndpoints signIn;
    private final SignedInEndpoints signedIn;
    private final @Nullable ScimEndpoints scim;
    private final Observers observers;
    private final @Nullable AccessSweeper sweeper;
    private final Duration sweepInterval;
    private static final Logger LOG = LoggerFactory.getLogger(JitLogin.class);
    private static final Set<String> RESERVED_MOUNTS = Set.of("saml", "oidc", "login", "logout", "scim", "elevation",
            "review");

    /**
     * The request attribute holding, for a servlet given to {@link Builder#mount}, the path below
     * its mount point (e.g. {@code /tenants/acme}), decoded and checked as jit checks its own.
     */
    public static final String MOUNTED_PATH = "io.jitprov.mountedPath";

    /**
     * The request attribute holding, for a servlet given to {@link Builder#mount}, the path it is
     * mounted at as the browser sees it (context path, base path, mount point), for the links it answers with.
     */
    public static final String MOUNT_POINT = "io.jitprov.mountPoint";

    /**
     * The request attribute holding, for a servlet given to {@link Builder#mount}, the
     * {@link Endpoints} an IdP is told about: what a setup page shows an IT admin to paste.
     */
    public static final String ENDPOINTS = "io.jitprov.endpoints";

    /**
     * Where jit's sign-in endpoints are, as an IdP must be told: derived from the base URL and
     * path, so that what a page shows is what jit serves.
     *
     * @param base the base URL and path, e.g. {@code https://app.example/sso}
     * @param samlEntityId the service provider's SAML entity ID; null without SAML
     * @param samlAcsUrl where SAML responses are posted (HTTP-POST); null without SAML
     * @param samlMetadataUrl where the service provider's SAML metadata is served; null without SAML
     * @param oidcRedirectUri the OpenID Connect redirect URI; null without OpenID Connect
     * @since 0.1
     */
    public record Endpoints(String base, @Nullable String samlEntityId, @Nullable String samlAcsUrl,
            @Nullable String samlMetadataUrl, @Nullable String oidcRedirectUri) { }

    private final Sweeps sweeps = new Sweeps();
    private final List<AutoCloseable> closeOnStop;
    private final Map<String, HttpServlet> mounts;
    private final SessionCheck sessionCheck;
    private final Endpoints endpoints;
    private final TestSignIns testSignIns;

    private JitLogin(Builder b) {
        this.basePath = b.basePath;
        this.postLoginPath = b.postLoginPath;
        this.protectedPaths = List.copyOf(b.protectedPaths);
        Provisioner provisioner = Objects.requireNonNull(b.provisioner, "provisioner cannot be null");
        if (b.stores != null && b.stores.shared()) {
            LoginChecks.refuseLocalStores(provisioner, b.samlVerifier, b.samlSingleLogout, b.oidcVerifier);
        }
        // Every request reads the account again from the store logins write to: a disabled account is
        // signed out at once. Without it the principal cached at login would be served for ever.
        UserStore accounts = b.accounts != null ? b.accounts : provisioner.userStore();
        Elevation elevation = b.elevation;
        if ((elevation != null || b.scim != null) && accounts == null) {
            throw new IllegalArgumentException("Elevation and SCIM need the userStore: accounts and grants are"
                    + " checked on every request");
        }
        this.sweeper = b.sweeper != null ? b.sweeper
                : elevation == null ? null : AccessSweeper.builder().elevation(elevation).build();
        this.sweepInterval = b.sweepInterval;
        this.closeOnStop = List.copyOf(b.closeOnStop);
        this.mounts = Map.copyOf(b.mounts);
        this.sessionCheck = new SessionCheck(accounts, elevation);
        Refusals refusals = new Refusals(b.auditSink, b.clock);
        SessionRegistry sessions = new SessionRegistry((principal, sessionIds) ->
                SignedInEndpoints.endGrants(elevation, principal, sessionIds, "idp logout"));
        Observers observers = new Observers(b.observer);
        this.observers = observers;
        Logins logins = new Logins(provisioner, refusals, sessions, b.clock, observers);
        String base = Objects.requireNonNull(b.baseUrl, "baseUrl cannot be null") + b.basePath;
        SamlEndpoints saml = b.samlServiceProvider == null ? null
                : samlEndpoints(b, b.samlServiceProvider, base, logins, refusals, sessions, observers);
        OidcEndpoints oidc = b.oidcLogin == null ? null : new OidcEndpoints(b.oidcLogin,
                Objects.requireNonNull(b.oidcVerifier), URI.create(base + "/oidc/callback"), logins, refusals, sessions,
                observers);
        LoginChecks.requireProtocols(b.routes, saml != null, oidc != null);
        SamlServiceProvider sp = b.samlServiceProvider;
        this.endpoints = new Endpoints(base, sp == null ? null : sp.entityId(), sp == null ? null : sp.acsUrl(),
                sp == null ? null : base + "/saml/metadata", oidc == null ? null : base + "/oidc/callback");
        Map<String, List<IdpRoute>> fixedRoutes = Map.copyOf(b.routes);
        HomeRealmDiscovery discovery = new HomeRealmDiscovery(Objects.requireNonNull(b.domains,
                "domains cannot be null"), b.liveRoutes != null ? b.liveRoutes
                        : tenant -> fixedRoutes.getOrDefault(tenant, List.of()), saml != null, oidc != null);
        this.signIn = new SignInEndpoints(b.basePath, postLoginPath, discovery, saml, oidc, new CrossSiteStarts(base));
        this.testSignIns = new TestSignIns(saml, oidc == null ? null : oidc.login(), oidc == null ? null
                : oidc.redirectUri(), new TestSignInChecks(provisioner, b.domains, b.clock), b.clock);
        if (saml != null) {
            saml.testSignIns(testSignIns);
        }
        if (oidc != null) {
            oidc.testSignIns(testSignIns);
        }
        this.signedIn = new SignedInEndpoints(b.basePath, elevation, elevation == null ? null
                : new ElevationEndpoints(elevation, b.basePath + "/elevation", postLoginPath, signIn::startLogin),
                b.review == null ? null : new ReviewEndpoint(b.review, b.reviewerRoles, b.delegations, accounts));
        this.scim = b.scim == null ? null : new ScimEndpoints(b.scim, base + "/scim", sessions::endAccount);
        if (b.stores != null) {
            observers.started(b.stores); // last: a configuration refused above started nothing
        }
    }

    /** The SAML endpoints, at the URLs the service provider announces: derived from the base, never given apart. */
    private static SamlEndpoints samlEndpoints(Builder b, SamlServiceProvider serviceProvider, String base,
            Logins logins, Refusals refusals, SessionRegistry sessions, Observers observers) {
        LoginChecks.requireDerived("ACS", serviceProvider.acsUrl(), base + "/saml/acs", base);
        serviceProvider.sloUrl().ifPresent(slo -> LoginChecks.requireDerived("single logout", slo, base + "/saml/slo",
                base));
        return new SamlEndpoints(serviceProvider, Objects.requireNonNull(b.samlIdentityProviders),
                Objects.requireNonNull(b.samlVerifier), SamlAuthnRequests.of(serviceProvider, b.clock),
                b.samlSingleLogout, logins, refusals, sessions, observers);
    }

    /** Starts a configuration; base URL, provisioner and domains are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the dispatch path {@code path} is one of jit's own endpoints. */
    boolean handles(String path) {
        return path.equals(basePath) || path.startsWith(basePath + "/");
    }

    Endpoints endpoints() {
        return endpoints;
    }

    TestSignIns testSignIns() {
        return testSignIns;
    }

    /** A servlet given to {@link Builder#mount}, and the path below its mount point a request asks for. */
    record Mounted(HttpServlet servlet, String at, String below) { }

    /** The mounted servlet serving the dispatch path {@code path}, if any. */
    Optional<Mounted> mounted(String path) {
        for (Map.Entry<String, HttpServlet> mount : mounts.entrySet()) {
            String at = basePath + mount.getKey();
            if (path.equals(at) || path.startsWith(at + "/")) {
                return Optional.of(new Mounted(mount.getValue(), at, path.substring(at.length())));
            }
        }
        return Optional.empty();
    }

    /** Serves the jit endpoint at the dispatch path {@code path}. */
    void handle(HttpServletRequest raw, HttpServletResponse response, String path) throws IOException {
        String endpoint = path.substring(basePath.length());
        ParsedRequest request = ParsedRequest.read(raw, endpoint.startsWith("/saml/")
                ? MAX_SAML_FORM_BYTES : MAX_FORM_BYTES);
        String returnPath = SafeRedirects.relativePath(request.getParameter("return")).orElse(postLoginPath);
        if (signIn.handle(request, response, endpoint, returnPath)) {
            return;
        }
        if (endpoint.equals("/logout")) {
            signedIn.logout(request, response, returnPath);
        } else if (scim != null && endpoint.startsWith("/scim/")) {
            scim.handle(request, response, endpoint.substring("/scim".length()));
            observers.scimRequest(request.getMethod(), response.getStatus());
        } else if (!signedIn.serves(endpoint)) {
            Responses.text(response, HttpServletResponse.SC_NOT_FOUND, "text/plain;charset=UTF-8", "Not found");
        } else {
            Optional<JitPrincipal> who = current(request);
            if (who.isEmpty()) {
                challenge(request, response);
            } else {
                signedIn.handle(request, response, who.get(), endpoint);
            }
        }
    }

    /** Answers a request jit would not read, in the form the endpoint's clients understand. */
    void badRequest(HttpServletResponse response, String path, BadRequestException e) throws IOException {
        if (scim != null && path.startsWith(basePath + "/scim/")) {
            ScimEndpoints.badRequest(response, e);
        } else {
            Refusals.badRequest(response, e.status(), e.getMessage() + ".");
        }
    }

    /**
     * The session's principal as of now (see {@link SessionCheck}).
     *
     * @throws io.jitprov.core.JitStoreException when the store cannot be read: the caller fails closed
     */
    Optional<JitPrincipal> current(HttpServletRequest request) {
        return sessionCheck.current(request);
    }

    /** Starts the sweeper (access never waits for it: grants are checked against the clock). */
    void start() {
        if (sweeper != null) {
            sweeps.start(sweeper, sweepInterval);
        }
    }

    void stop() {
        sweeps.stop();
        for (int i = closeOnStop.size() - 1; i >= 0; i--) {
            try {
                closeOnStop.get(i).close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed while stopping", closeOnStop.get(i), e);
            }
        }
    }

    /** Whether requests to the dispatch path {@code path} need a signed-in principal. */
    boolean isProtected(String path) {
        return protectedPaths.stream().anyMatch(prefix -> RequestPaths.under(path, prefix));
    }

    /**
     * Answers a request that needs a principal and has none: a browser's GET is sent to the login
     * page (coming back to the address it asked for), anything else gets 401. What a framework's
     * authentication entry point does, such as Spring Security's.
     */
    public void challenge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            signIn.challenge(request, response);
        } catch (BadRequestException e) {
            Refusals.badRequest(response, e.status(), e.getMessage() + ".");
        }
    }

    /**
     * Ends the grants the signed-in person asked for in this session, as {@code POST /sso/logout}
     * does, and leaves the session to the caller: for a framework's own sign-out, such as Spring
     * Security's {@code /logout}, which ends the session itself. Nobody signed in: nothing to end.
     *
     * @throws io.jitprov.core.JitStoreException when the grant store cannot be written
     */
    public void endSessionGrants(HttpServletRequest request) {
        signedIn.endSessionGrants(request);
    }

    /** Configures a {@link JitLogin}. */
    public static final class Builder {

        private @Nullable String baseUrl;
        private String basePath = "/sso";
        private String postLoginPath = "/";
        private final List<String> protectedPaths = new ArrayList<>();
        private @Nullable Provisioner provisioner;
        private AuditSink auditSink = AuditSink.slf4j();
        private @Nullable DomainRegistry domains;
        private final Map<String, List<IdpRoute>> routes = new LinkedHashMap<>();
        private @Nullable Function<String, List<IdpRoute>> liveRoutes;
        private @Nullable SamlServiceProvider samlServiceProvider;
        private @Nullable SamlIdentityProviders samlIdentityProviders;
        private @Nullable SamlVerifier samlVerifier;
        private @Nullable SamlSingleLogout samlSingleLogout;
        private @Nullable OidcLogin oidcLogin;
        private @Nullable OidcVerifier oidcVerifier;
        private Clock clock = Clock.systemUTC();
        private @Nullable JitStores stores;
        private @Nullable UserStore accounts;
        private @Nullable Elevation elevation;
        private Duration sweepInterval = Duration.ofMinutes(1);
        private final List<AutoCloseable> closeOnStop = new ArrayList<>();
        private final Map<String, HttpServlet> mounts = new LinkedHashMap<>();
        private @Nullable AccessSweeper sweeper;
        private @Nullable ScimProvisioning scim;
        private JitObserver observer = JitObserver.NONE;
        private @Nullable AccessReview review;
        private Set<String> reviewerRoles = Set.of();
        private @Nullable Delegations delegations;

        private Builder() {
        }

        /**
         * Serves {@code /review}: the access review of the signed-in person's own tenant, to
         * holders of one of {@code reviewerRoles}.
         */
        public Builder accessReview(AccessReview review, String... reviewerRoles) {
            if (reviewerRoles.length == 0) {
                throw new IllegalArgumentException("accessReview needs the roles allowed to read it");
            }
            this.review = Objects.requireNonNull(review, "review cannot be null");
            this.reviewerRoles = Set.of(reviewerRoles);
            return this;
        }

        /**
         * Delegated administration: partners' admins read the access review ({@code ?tenant=})
         * of tenants that delegated it to them. Give the same instance to {@code Elevation} for
         * delegated approvals.
         */
        public Builder delegations(Delegations delegations) {
            this.delegations = Objects.requireNonNull(delegations, "delegations cannot be null");
            return this;
        }

        /** Told of each sign-in answered and each SCIM request served: for metrics. None by default. */
        public Builder observer(JitObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer cannot be null");
            return this;
        }

        /** Serves the SCIM 2.0 Users endpoint of each tenant {@code scim} names, under {@code /scim/{tenantId}/v2}. */
        public Builder scim(ScimProvisioning scim) {
            this.scim = Objects.requireNonNull(scim, "scim cannot be null");
            return this;
        }

        /**
         * The store every request reads the account from again (a disabled or deleted account is
         * signed out at once, role changes count at once); by default the provisioner's own. Set
         * it only to read through a different view of the same accounts (a cache, say).
         */
        public Builder userStore(UserStore accounts) {
            this.accounts = Objects.requireNonNull(accounts, "accounts cannot be null");
            return this;
        }

        /** Time-bound elevation: serves {@code /elevation} and adds active grants' roles to requests. */
        public Builder elevation(Elevation elevation) {
            this.elevation = Objects.requireNonNull(elevation, "elevation cannot be null");
            return this;
        }

        /**
         * The sweeper the filter runs every {@link #sweepInterval}; by default one that only expires
         * the elevation's grants. Give one built with {@code accounts(...)} to disable inactive accounts too.
         */
        public Builder accessSweeper(AccessSweeper sweeper) {
            this.sweeper = Objects.requireNonNull(sweeper, "sweeper cannot be null");
            return this;
        }

        /** How often the filter's sweeper marks ended grants; one minute by default. */
        public Builder sweepInterval(Duration interval) {
            this.sweepInterval = Durations.positive("sweepInterval", interval);
            return this;
        }

        /**
         * Serves {@code {basePath}{subPath}} and the paths below it with {@code servlet} (the
         * registry's admin API): requests reach it with their principal when signed in, the
         * session's CSRF token in {@link JitFilter#CSRF_TOKEN}, and the path below the mount point,
         * as jit decoded and checked it, in {@link JitLogin#MOUNTED_PATH}. Its {@code service}
         * method is called; {@code init} is not.
         *
         * @param subPath such as {@code /admin/api}: lower-case segments, none of jit's own
         */
        public Builder mount(String subPath, HttpServlet servlet) {
            Objects.requireNonNull(subPath, "subPath cannot be null");
            if (!subPath.matches("(/[a-z][a-z0-9-]*)+") || RESERVED_MOUNTS.contains(subPath.split("/")[1])) {
                throw new IllegalArgumentException("Cannot mount at [" + subPath + "]: give lower-case segments such"
                        + " as /admin/api, not under jit's own endpoints " + RESERVED_MOUNTS);
            }
            if (mounts.putIfAbsent(subPath, Objects.requireNonNull(servlet, "servlet cannot be null")) != null) {
                throw new IllegalArgumentException("Something is mounted at [" + subPath + "] already");
            }
            return this;
        }

        /**
         * Something that lives as long as this login (a connection pool, a registry following its
         * changes): closed when the filter stops, the last given first.
         */
        public Builder closeOnStop(AutoCloseable resource) {
            closeOnStop.add(Objects.requireNonNull(resource, "resource cannot be null"));
            return this;
        }

        /** The application's public origin, e.g. {@code https://app.example}: endpoint URLs start with it. */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl cannot be null");
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return this;
        }

        /** Where jit's endpoints live, {@code /sso} by default ({@code /sso/saml/acs}, {@code /sso/login}...). */
        public Builder basePath(String basePath) {
            if (!basePath.startsWith("/") || basePath.endsWith("/")) {
                throw new IllegalArgumentException("basePath must start with / and not end with one");
            }
            this.basePath = basePath;
            return this;
        }

        /** Where people go after signing in when they asked for nothing else; {@code /} by default. */
        public Builder postLoginPath(String path) {
            this.postLoginPath = SafeRedirects.relativePath(path).orElseThrow(() ->
                    new IllegalArgumentException("postLoginPath must be a relative path"));
            return this;
        }

        /** Path prefixes that need a signed-in person: browsers are sent to log in, API calls get 401. */
        public Builder protectedPaths(String... prefixes) {
            protectedPaths.addAll(List.of(prefixes));
            return this;
        }

        /** The provisioner every verified login goes through. */
        public Builder provisioner(Provisioner provisioner) {
            this.provisioner = Objects.requireNonNull(provisioner, "provisioner cannot be null");
            return this;
        }

        /** Where refusals that happen before provisioning (messages that do not verify) are recorded. */
        public Builder auditSink(AuditSink auditSink) {
            this.auditSink = Objects.requireNonNull(auditSink, "auditSink cannot be null");
            return this;
        }

        /** The verified domains that {@code /login} resolves emails with. */
        public Builder domains(DomainRegistry domains) {
            this.domains = Objects.requireNonNull(domains, "domains cannot be null");
            return this;
        }

        /** How the people of {@code tenantId} sign in; the first route is the one {@code /login} uses. */
        public Builder route(String tenantId, IdpRoute route) {
            if (liveRoutes != null) {
                throw new IllegalStateException("Routes come from routes(...): give them there");
            }
            routes.computeIfAbsent(tenantId, t -> new ArrayList<>()).add(Objects.requireNonNull(route));
            return this;
        }

        /**
         * How the people of a tenant sign in, asked at every {@code /login} (for routes that change at
         * runtime, e.g. a registry's connections); the first route is the one used. Instead of
         * {@link #route}. A route through a protocol this login does not serve is skipped.
         */
        public Builder routes(Function<String, List<IdpRoute>> routes) {
            if (!this.routes.isEmpty()) {
                throw new IllegalStateException("Routes were given with route(...): give them all in one way");
            }
            this.liveRoutes = Objects.requireNonNull(routes, "routes cannot be null");
            return this;
        }

        /**
         * Serves SAML: {@code /saml/login}, {@code /saml/acs}, {@code /saml/metadata}; the ACS URL must be
         * {@code {baseUrl}{basePath}/saml/acs}.
         */
        public Builder saml(SamlServiceProvider serviceProvider, SamlIdentityProviders identityProviders,
                SamlVerifier verifier) {
            this.samlServiceProvider = Objects.requireNonNull(serviceProvider);
            this.samlIdentityProviders = Objects.requireNonNull(identityProviders);
            this.samlVerifier = Objects.requireNonNull(verifier);
            return this;
        }

        /** Serves {@code /saml/slo}: IdP-initiated single logout. */
        public Builder samlSingleLogout(SamlSingleLogout singleLogout) {
            this.samlSingleLogout = Objects.requireNonNull(singleLogout);
            return this;
        }

        /** Serves OpenID Connect: {@code /oidc/login}, {@code /oidc/callback}, {@code /oidc/backchannel-logout}. */
        public Builder oidc(OidcLogin login, OidcVerifier verifier) {
            this.oidcLogin = Objects.requireNonNull(login);
            this.oidcVerifier = Objects.requireNonNull(verifier);
            return this;
        }

        /**
         * The stores every component of the application shares: the audit sink, the clock and the
         * account store are taken from them. With {@link JitStores#shared() shared} stores, a
         * provisioner or verifier that keeps its store in this JVM's memory is refused at
         * {@link #build}.
         */
        public Builder stores(JitStores stores) {
            this.stores = Objects.requireNonNull(stores, "stores cannot be null");
            this.auditSink = stores.auditSink();
            this.clock = stores.clock();
            this.accounts = stores.userStore();
            return this;
        }

        /** The clock pending logins and refusals are stamped with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /**
         * The configuration; refuses a SAML ACS URL other than the filter's own, and elevation or SCIM
         * without a user store.
         */
        public JitLogin build() {
            return new JitLogin(this);
        }
    }
}
