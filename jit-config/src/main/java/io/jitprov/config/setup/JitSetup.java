package io.jitprov.config.setup;

import io.jitprov.config.JitRegistry;
import io.jitprov.config.SetupLink;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.servlet.JitLogin;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-serve setup pages, mounted under the base path at {@link SetupLink#PATH} with
 * {@link JitLogin.Builder#mount}: a tenant's IT admin opens the setup link the back office issued
 * ({@link io.jitprov.config.RegistryEditor#issueSetupLink}), proves the organisation's domain by
 * DNS, connects its IdP (SAML or OpenID Connect, with instructions for Okta, Microsoft Entra ID,
 * Google Workspace, Keycloak and AD FS and the values to paste), maps its groups to roles within
 * the tenant's ceiling, and turns single sign-on on.
 *
 * <p>A link opens a browser session for its tenant only, under a new session id; every change is
 * a form with that session's CSRF token, audited as {@code setup-link:<id>}; the link is checked
 * again on every request, so one revoked or expired stops working at once. Opening a link is a
 * confirmation page (GET) and a same-site POST, so that a mail scanner following the link, or
 * another site, opens nothing. DNS checks are rate-limited per link.
 *
 * <pre>
 * JitLogin.builder()...
 *     .mount(SetupLink.PATH, JitSetup.builder(registry).productName("Acme Cloud").build())
 * </pre>
 *
 * @since 0.1
 */
public final class JitSetup extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JitSetup.class);

    private final transient JitRegistry registry;
    private final transient Brand brand;
    private final transient SetupSteps steps;
    private final @Nullable String messages;

    private JitSetup(Builder b) {
        this.registry = b.registry;
        this.brand = new Brand(b.productName, b.logoUrl, b.accentColour, b.stylesheet);
        this.messages = b.messages;
        this.steps = new SetupSteps(registry, brand, LinkThrottle.dns(Clock.systemUTC()),
                LinkThrottle.fetches(Clock.systemUTC()), LinkThrottle.fetches(Clock.systemUTC()), b.trail);
    }

    /** Starts the pages over {@code registry}, whose tenants and connections they set up. */
    public static Builder builder(JitRegistry registry) {
        return new Builder(registry);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Texts texts = new Texts(request.getLocale(), messages);
        Object below = request.getAttribute(JitLogin.MOUNTED_PATH);
        Object mountPoint = request.getAttribute(JitLogin.MOUNT_POINT);
        Object endpoints = request.getAttribute(JitLogin.ENDPOINTS);
        if (!(below instanceof String path) || !(mountPoint instanceof String base)
                || !(endpoints instanceof JitLogin.Endpoints at)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND); // not reached through JitLogin.mount
            return;
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            response.setHeader("Allow", "GET, POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        SetupCall call = new SetupCall(request, response, texts, brand, base, at, method.equals("POST"));
        try {
            serve(call, path);
        } catch (SetupSteps.NotFound e) {
            call.refuse(404, texts.get("error.not.found"));
        } catch (JitStoreException e) {
            LOG.warn("The setup pages could not reach the registry: {}", e.getMessage());
            call.refuse(503, texts.get("error.unavailable"));
        } catch (RuntimeException e) {
            LOG.error("The setup pages failed on {}", path, e);
            call.refuse(500, texts.get("error.unavailable"));
        }
    }

    private void serve(SetupCall call, String path) throws IOException {
        if (path.startsWith("/assets/") && !call.post) {
            assets(call, path.substring("/assets/".length()));
            return;
        }
        if (path.equals("/open")) {
            open(call);
            return;
        }
        Optional<SetupSession.Scope> scope = SetupSession.scope(call.request);
        if (scope.isEmpty() || !stillValid(scope.get())) {
            SetupSession.close(call.request);
            call.invalidLink(scope.isEmpty() ? 403 : 410);
            return;
        }
        SetupForm form = null;
        if (call.post) {
            try {
                form = SetupForm.read(call.request);
            } catch (SetupForm.Unreadable e) {
                call.refuse(e.tooLarge ? 413 : 400, call.texts.get(e.tooLarge ? "error.too.large" : "error.bad.form"));
                return;
            }
            if (!call.csrfValid(form, scope.get())) {
                call.refuse(403, call.texts.get("error.csrf"));
                return;
            }
        }
        steps.serve(call, path, scope.get(), form, registry.actingAs(AuditActor.setupLink(scope.get().linkId())));
    }

    /** GET shows whose setup the link opens; POST, from this site only, opens the session. */
    private void open(SetupCall call) throws IOException {
        String token = call.post ? readLinkField(call) : String.valueOf(call.request.getParameter("link"));
        Optional<SetupLink> link = token == null ? Optional.empty() : registry.openSetupLink(token);
        if (link.isEmpty() || registry.tenant(link.get().tenantId()).isEmpty()) {
            call.invalidLink(404);
            return;
        }
        if (!call.post) {
            call.page(200, call.texts.get("open.title", link.get().tenantId()), null, null,
                    new SetupPages(call.texts, brand).open(call.base + "/open", token, link.get().tenantId()));
            return;
        }
        if (!call.sameSite()) {
            call.refuse(403, call.texts.get("open.cross.site"));
            return;
        }
        SetupSession.open(call.request, link.get());
        call.seeOther("/");
    }

    private static @Nullable String readLinkField(SetupCall call) throws IOException {
        try {
            return SetupForm.read(call.request).one("link");
        } catch (SetupForm.Unreadable e) {
            return null;
        }
    }

    private boolean stillValid(SetupSession.Scope scope) {
        return registry.liveSetupLink(scope.linkId()).filter(link -> link.tenantId().equals(scope.tenantId()))
                .isPresent() && registry.tenant(scope.tenantId()).isPresent();
    }

    private void assets(SetupCall call, String name) throws IOException {
        if (name.equals("brand.css")) {
            call.asset("text/css", (":root{--accent:" + brand.accent() + ";--on-accent:" + brand.onAccent() + "}\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String type = name.equals("setup.css") ? "text/css" : name.equals("setup.js") ? "text/javascript" : null;
        InputStream in = type == null ? null : JitSetup.class.getResourceAsStream(name);
        if (in == null) {
            call.refuse(404, call.texts.get("error.not.found"));
            return;
        }
        try (in) {
            call.asset(type, in.readAllBytes());
        }
    }

    /** The tenant's connections: the draft the setup edits, if any, and whether one is on. */
    static Optional<RegistryEntry> draftOf(List<RegistryEntry> connections) {
        return connections.stream().filter(c -> c.key() == null).findFirst();
    }

    /** Configures a {@link JitSetup}. */
    public static final class Builder {

        private final JitRegistry registry;
        private String productName = "this application";
        private @Nullable String logoUrl;
        private String accentColour = "#1d4ed8";
        private AuditTrail trail = AuditTrail.NONE;
        private @Nullable String stylesheet;
        private @Nullable String messages;

        private Builder(JitRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        }

        /** The application's name, as the IT admin knows it: in titles and sentences. */
        public Builder productName(String name) {
            Objects.requireNonNull(name, "productName cannot be null");
            if (name.isBlank() || name.length() > 80) {
                throw new IllegalArgumentException("productName has 1 to 80 characters");
            }
            this.productName = name;
            return this;
        }

        /** The logo shown at the top: an https URL, or a path on the application's own site. */
        public Builder logoUrl(String url) {
            URI uri = URI.create(Objects.requireNonNull(url, "logoUrl cannot be null"));
            if (uri.getScheme() == null ? !url.startsWith("/") : !uri.getScheme().equals("https")) {
                throw new IllegalArgumentException("logoUrl must be https, or a path starting with /");
            }
            this.logoUrl = url;
            return this;
        }

        /** The accent colour of buttons and links, as {@code #rrggbb}; text on it is black or white, whichever reads better. */
        public Builder accentColour(String colour) {
            if (!Brand.isColour(Objects.requireNonNull(colour, "accentColour cannot be null"))) {
                throw new IllegalArgumentException("accentColour must be #rrggbb, not [" + colour + "]");
            }
            this.accentColour = colour;
            return this;
        }

        /**
         * A stylesheet of the application's own, read after jit's: a path on this site (the pages'
         * Content-Security-Policy allows only this site's styles), e.g. {@code /static/setup.css}.
         */
        public Builder stylesheet(String path) {
            Objects.requireNonNull(path, "stylesheet cannot be null");
            if (!path.matches("/[A-Za-z0-9._~%-][A-Za-z0-9._~%/-]*")) {
                throw new IllegalArgumentException("stylesheet must be a path on this site, such as /static/setup.css");
            }
            this.stylesheet = path;
            return this;
        }

        /**
         * The application's own words for the pages: a resource bundle base name (e.g.
         * {@code com.example.setup}) whose keys replace those of jit's {@code setup.properties};
         * keys it does not have keep jit's words.
         *
         * @throws java.util.MissingResourceException when no such bundle is on the class path
         */
        public Builder messages(String bundleBaseName) {
            java.util.ResourceBundle.getBundle(Objects.requireNonNull(bundleBaseName, "messages cannot be null"));
            this.messages = bundleBaseName;
            return this;
        }

        /**
         * Where the connection health page reads the last sign-ins and refusals (e.g. the
         * application's {@code JdbcAuditSink}); without it, none are shown.
         */
        public Builder auditTrail(AuditTrail trail) {
            this.trail = Objects.requireNonNull(trail, "trail cannot be null");
            return this;
        }

        public JitSetup build() {
            return new JitSetup(this);
        }
    }
}
