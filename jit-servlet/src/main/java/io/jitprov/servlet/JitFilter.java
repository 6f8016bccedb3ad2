package io.jitprov.servlet;

import io.jitprov.core.JitStoreException;
import io.jitprov.servlet.internal.BadRequestException;
import io.jitprov.servlet.internal.Html;
import io.jitprov.servlet.internal.RequestPaths;
import io.jitprov.servlet.internal.Responses;
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
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-in: serves jit's SAML and OIDC endpoints under the base path, lets signed-in requests
 * through with {@code getUserPrincipal()} (a {@link JitPrincipal}), {@code isUserInRole()} and
 * {@code getRemoteUser()} answered from the session, and stops requests to protected paths that
 * have no principal.
 *
 * <p>Configured in code: {@code new JitFilter(jitLogin)}, registered with the container like any
 * filter (programmatically, or by a framework). To configure it from a YAML or JSON file, with
 * {@code web.xml} or an init-param, use {@code io.jitprov.config.JitConfigFileFilter} from
 * jit-config, which builds the {@link JitLogin} from the file and hands it to this filter.
 *
 * @since 0.1
 */
public final class JitFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(JitFilter.class);

    /**
     * The request attribute holding the session's CSRF token on signed-in requests: forms that
     * post to jit's {@code /elevation} and {@code /logout} endpoints send it as the {@code csrf}
     * field (or the {@code X-CSRF-Token} header).
     */
    public static final String CSRF_TOKEN = "io.jitprov.csrf";

    private final JitLogin login;

    /** The filter for {@code login}. */
    public JitFilter(JitLogin login) {
        this.login = Objects.requireNonNull(login, "login cannot be null");
    }

    /** Starts the sweeper. */
    @Override
    public void init(FilterConfig config) {
        login.start();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        JitLogin jit = login;
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
        Optional<JitLogin.Mounted> mounted = jit.mounted(dispatched);
        if (mounted.isPresent()) {
            serveMounted(jit, mounted.get(), request, response);
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

    /** A servlet mounted under the base path: like the application's, it sees the principal, if any. */
    private static void serveMounted(JitLogin jit, JitLogin.Mounted mounted, HttpServletRequest request,
            HttpServletResponse response) throws IOException, ServletException {
        Optional<JitPrincipal> principal;
        try {
            principal = jit.current(request);
        } catch (JitStoreException e) {
            principal = Optional.empty(); // nobody can be shown to be signed in: the servlet sees no one
        }
        request.setAttribute(JitLogin.MOUNTED_PATH, mounted.below());
        request.setAttribute(JitLogin.MOUNT_POINT, request.getContextPath() + mounted.at());
        request.setAttribute(JitLogin.ENDPOINTS, jit.endpoints());
        request.setAttribute(TestSignIns.ATTRIBUTE, jit.testSignIns());
        if (principal.isPresent()) {
            request.setAttribute(CSRF_TOKEN, CsrfTokens.of(request.getSession(true)));
        }
        mounted.servlet().service(principal.isPresent() ? new SignedIn(request, principal.get()) : request, response);
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
        login.stop();
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
