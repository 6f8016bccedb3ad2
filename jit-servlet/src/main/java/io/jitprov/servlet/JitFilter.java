package io.jitprov.servlet;

import io.jitprov.core.JitStoreException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-in: serves jit's SAML and OIDC endpoints under the base path, lets signed-in requests
 * through with {@code getUserPrincipal()} (a {@link JitPrincipal}), {@code isUserInRole()} and
 * {@code getRemoteUser()} answered from the session, and stops requests to protected paths that
 * have no principal.
 *
 * <p>Three ways to configure it, with the same setting name, {@code configFile}: the constructor
 * {@code new JitFilter(jitLogin)} (code), {@link #setConfigFile} (programmatic registration), or
 * the {@code configFile} init-param in {@code web.xml}, which overrides only when present.
 *
 * @since 0.1
 */
public final class JitFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(JitFilter.class);

    /** The init-param naming the configuration file. */
    public static final String CONFIG_FILE = "configFile";

    /**
     * The request attribute holding the session's CSRF token on signed-in requests: forms that
     * post to jit's {@code /elevation} endpoints send it as the {@code csrf} field (or the
     * {@code X-CSRF-Token} header).
     */
    public static final String CSRF_TOKEN = "io.jitprov.csrf";

    private @Nullable JitLogin login;
    private @Nullable String configFile;

    /** For {@code web.xml} or programmatic registration: configured from a file in {@link #init}. */
    public JitFilter() {
    }

    /** Configured in code. */
    public JitFilter(JitLogin login) {
        this.login = login;
    }

    /** The configuration file (YAML or JSON) to read in {@link #init}; an init-param of the same name wins. */
    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        String fromInitParam = config.getInitParameter(CONFIG_FILE);
        if (fromInitParam != null) {
            configFile = fromInitParam;
        }
        if (login == null) {
            if (configFile == null) {
                throw new ServletException("JitFilter needs a JitLogin or a " + CONFIG_FILE + " init-param");
            }
            try {
                login = JitConfigFile.load(Path.of(configFile)).build();
            } catch (JitConfigurationException e) {
                throw new ServletException(e.getMessage(), e);
            }
        }
        login.start();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        JitLogin jit = login;
        if (jit == null) {
            throw new ServletException("JitFilter was not initialised");
        }
        Optional<RequestPaths.DispatchPath> path = RequestPaths.of(request);
        if (path.isEmpty()) {
            Refusals.badRequest(response, HttpServletResponse.SC_BAD_REQUEST, "This address is not valid.");
            return;
        }
        String dispatched = path.get().path();
        boolean owned = jit.handles(dispatched);
        if (path.get().hadPathParameters() && (owned || jit.isProtected(dispatched))) {
            // ;jsessionid= and friends are how sessions leak and checks get confused; not on these paths.
            Refusals.badRequest(response, HttpServletResponse.SC_BAD_REQUEST, "This address is not valid.");
            return;
        }
        if (owned) {
            serve(jit, request, response, dispatched);
            return;
        }
        Optional<JitPrincipal> principal;
        try {
            principal = jit.current(request);
        } catch (JitStoreException e) {
            // Without the account store nobody can be shown to be still allowed in: fail closed.
            Responses.html(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Html.page("Unavailable",
                    "<p>Signing in is not possible right now. Please try again in a minute.</p>"));
            return;
        }
        if (principal.isEmpty() && jit.isProtected(dispatched)) {
            jit.challenge(request, response);
            return;
        }
        if (principal.isPresent()) {
            request.setAttribute(CSRF_TOKEN, CsrfTokens.of(request.getSession(true)));
        }
        chain.doFilter(principal.isPresent() ? new SignedIn(request, principal.get()) : request, response);
    }

    private static void serve(JitLogin jit, HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        try {
            jit.handle(request, response, path);
        } catch (BadRequestException e) {
            // Anyone can send one: a short answer and a DEBUG line, never an ERROR.
            LOG.debug("Bad request to {}: {}", path, e.getMessage());
            if (!response.isCommitted()) {
                jit.badRequest(response, path, e);
            }
        } catch (RuntimeException e) {
            // A bug or a misconfiguration, not bad input: logged in full, shown as a bare 500.
            String reference = UUID.randomUUID().toString();
            LOG.error("jit failed on {} (reference {})", path, reference, e);
            if (!response.isCommitted()) {
                Responses.html(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, Html.page("Sign-in failed",
                        "<p>Something went wrong on our side.</p><p>Reference: <code>" + reference + "</code></p>"));
            }
        }
    }

    @Override
    public void destroy() {
        // Sessions belong to the container; only the sweeper is ours.
        if (login != null) {
            login.stop();
        }
    }

    /** A request from a signed-in principal, as the application sees it. */
    private static final class SignedIn extends HttpServletRequestWrapper {
        private final JitPrincipal principal;

        SignedIn(HttpServletRequest request, JitPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return principal.roles().contains(role);
        }

        @Override
        public String getAuthType() {
            return "jit";
        }
    }
}
