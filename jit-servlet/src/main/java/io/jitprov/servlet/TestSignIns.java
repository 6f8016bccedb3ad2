package io.jitprov.servlet;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.Refusal;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcLoginOptions;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcRedirect;
import io.jitprov.oidc.PendingOidcLogin;
import io.jitprov.saml.AuthnRequestOptions;
import io.jitprov.saml.PendingAuthnRequest;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Test sign-ins: a real sign-in through an IdP that takes no logins yet (a connection being set
 * up), verified exactly as a login is, then decided by the provisioner without writing anything
 * ({@code Provisioner.preview}), every check reported in plain words with, for a failing one, its
 * refusal code, what it means and how to fix it at the IdP. Nobody is signed in and no account is
 * created or changed. The IdP is asked to authenticate the person again ({@code ForceAuthn},
 * {@code prompt=login}), so the clocks can be compared.
 *
 * <p>A servlet given to {@link JitLogin.Builder#mount} finds this in the request attribute
 * {@link #ATTRIBUTE}. A test sign-in comes back to the server that started it (the IdP and tenant
 * it tests are kept in that server's memory, for 10 minutes).
 *
 * @since 0.1
 */
public final class TestSignIns {

    /** The request attribute holding this, for servlets mounted under the base path. */
    public static final String ATTRIBUTE = "io.jitprov.testSignIns";

    private static final String RESULTS = TestSignIns.class.getName() + ".results";
    private static final int MAX_STARTED = 1000;
    private static final int MAX_PER_TENANT = 20;
    private static final int MAX_RESULTS = 5;
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    /** One check of a test sign-in: passed, failed (with the refusal's code and hints), or not reached. */
    public record Check(String name, String title, Status status, String detail, @Nullable String code,
            @Nullable String meaning, @Nullable String fix) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** How a check came out. */
    public enum Status {
        PASSED, FAILED, NOT_CHECKED
    }

    /**
     * What a test sign-in found.
     *
     * @param id what the result page was given ({@code ?test=<id>})
     * @param idp the IdP's entity ID or issuer
     * @param at when the answer arrived
     * @param checks every check, in the order a login makes them
     */
    public record Result(String id, String idp, Instant at, List<Check> checks) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Whether every check passed: a real login would be accepted. */
        public boolean passed() {
            return checks.stream().allMatch(check -> check.status() == Status.PASSED);
        }
    }

    /** What a started test sign-in waits with in the session: its id and the request it must answer. */
    record Waiting(String id, Serializable request) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What it tests, kept on this node: the IdP, the tenant, where to show the result. */
    private record Started(@Nullable SamlIdentityProvider saml, @Nullable OidcProvider oidc, Tenant tenant,
            String resultPath, Instant at) { }

    private final @Nullable SamlEndpoints saml;
    private final @Nullable OidcLogin oidcLogin;
    private final @Nullable URI redirectUri;
    private final TestSignInChecks checks;
    private final Clock clock;
    private final Map<String, Started> started = new LinkedHashMap<>();

    TestSignIns(@Nullable SamlEndpoints saml, @Nullable OidcLogin oidcLogin, @Nullable URI redirectUri,
            TestSignInChecks checks, Clock clock) {
        this.saml = saml;
        this.oidcLogin = oidcLogin;
        this.redirectUri = redirectUri;
        this.checks = checks;
        this.clock = clock;
    }

    /**
     * Sends the browser to SAML IdP {@code idp} to sign in, as a login into {@code tenant} would;
     * it comes back to {@code resultPath} (below the context path) with {@code test=<id>}.
     *
     * @throws IllegalStateException when this application does not sign in with SAML
     */
    public void startSaml(HttpServletRequest request, HttpServletResponse response, SamlIdentityProvider idp,
            Tenant tenant, String resultPath) throws IOException {
        if (saml == null) {
            throw new IllegalStateException("This application does not sign in with SAML");
        }
        requireInAppPath(resultPath);
        String id = remember(new Started(Objects.requireNonNull(idp, "idp cannot be null"), null,
                Objects.requireNonNull(tenant, "tenant cannot be null"), resultPath, clock.instant()));
        String relayState = PendingLogins.newKey();
        AuthnRequestOptions options = AuthnRequestOptions.builder().relayState(relayState).forceAuthn(true).build();
        try {
            if (idp.ssoRedirectUrl().isPresent()) {
                var redirect = saml.requests().redirect(idp, options);
                wait(request, relayState, PendingLogins.Kind.SAML_TEST, new Waiting(id, redirect.request()), resultPath);
                Responses.redirect(response, redirect.url());
            } else {
                var form = saml.requests().post(idp, options);
                wait(request, relayState, PendingLogins.Kind.SAML_TEST, new Waiting(id, form.request()), resultPath);
                Responses.html(response, HttpServletResponse.SC_OK, form.html());
            }
        } catch (IllegalStateException unusable) {
            take(id);
            finish(request, response, id, idp.entityId(), resultPath, checks.refused(request,
                    Refusal.of(JitErrorCodes.IDP_NOT_USABLE, String.valueOf(unusable.getMessage()))));
        }
    }

    /**
     * Sends the browser to OpenID provider {@code provider} to sign in, as a login into
     * {@code tenant} would; it comes back to {@code resultPath} with {@code test=<id>}.
     *
     * @throws IllegalStateException when this application does not sign in with OpenID Connect
     */
    public void startOidc(HttpServletRequest request, HttpServletResponse response, OidcProvider provider,
            Tenant tenant, String resultPath) throws IOException {
        if (oidcLogin == null || redirectUri == null) {
            throw new IllegalStateException("This application does not sign in with OpenID Connect");
        }
        requireInAppPath(resultPath);
        String id = remember(new Started(null, Objects.requireNonNull(provider, "provider cannot be null"),
                Objects.requireNonNull(tenant, "tenant cannot be null"), resultPath, clock.instant()));
        OidcRedirect redirect;
        try {
            redirect = oidcLogin.with(OidcProviders.of(provider)).start(provider.issuer(), redirectUri,
                    OidcLoginOptions.builder().forceLogin(true).build());
        } catch (IllegalArgumentException | JitAuthenticationException e) {
            Refusal refusal = e instanceof JitAuthenticationException refused ? refused.refusal()
                    : Refusal.of(JitErrorCodes.IDP_NOT_USABLE, String.valueOf(e.getMessage()));
            take(id);
            finish(request, response, id, provider.issuer(), resultPath, checks.refused(request, refusal));
            return;
        }
        wait(request, redirect.pending().state(), PendingLogins.Kind.OIDC_TEST, new Waiting(id, redirect.pending()),
                resultPath);
        Responses.redirect(response, redirect.url().toString());
    }

    /** The result of test sign-in {@code id} of this browser session, once it came back. */
    public Optional<Result> result(HttpServletRequest request, String id) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        synchronized (session) {
            return session.getAttribute(RESULTS) instanceof Results results ? Optional.ofNullable(results.get(id))
                    : Optional.empty();
        }
    }

    /** The SAML response to a test sign-in, posted to the ACS: checked, and shown on its result page. */
    void completeSaml(HttpServletRequest request, HttpServletResponse response, String samlResponse, Waiting waiting)
            throws IOException {
        Optional<Started> test = take(waiting.id());
        if (test.isEmpty() || test.get().saml() == null || saml == null) {
            expired(request, response);
            return;
        }
        SamlIdentityProvider idp = test.get().saml();
        List<Check> found = checks.saml(request, saml, idp, test.get().tenant(), samlResponse,
                (PendingAuthnRequest) waiting.request());
        finish(request, response, waiting.id(), idp.entityId(), test.get().resultPath(), found);
    }

    /** The OpenID provider's redirect back for a test sign-in. */
    void completeOidc(HttpServletRequest request, HttpServletResponse response, Map<String, String> parameters,
            Waiting waiting) throws IOException {
        Optional<Started> test = take(waiting.id());
        if (test.isEmpty() || test.get().oidc() == null || oidcLogin == null) {
            expired(request, response);
            return;
        }
        OidcProvider provider = test.get().oidc();
        List<Check> found;
        try {
            VerifiedIdentity identity = oidcLogin.with(OidcProviders.of(provider)).complete(parameters,
                    (PendingOidcLogin) waiting.request());
            found = checks.oidc(request, provider, identity, test.get().tenant());
        } catch (JitAuthenticationException e) {
            found = checks.unverified(request, e.refusal());
        } catch (JitStoreException e) {
            found = checks.refused(request, Refusal.of(e.code(), String.valueOf(e.getMessage())));
        }
        finish(request, response, waiting.id(), provider.issuer(), test.get().resultPath(), found);
    }

    private void expired(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.html(response, HttpServletResponse.SC_GONE, io.jitprov.servlet.internal.Html.page("Test sign-in",
                "<p>" + io.jitprov.servlet.internal.Html.escape(checks.text(request, "expired")) + "</p>"));
    }

    private void finish(HttpServletRequest request, HttpServletResponse response, String id, String idp,
            String resultPath, List<Check> found) {
        Result result = new Result(id, idp, clock.instant(), List.copyOf(found));
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Results results = session.getAttribute(RESULTS) instanceof Results known ? known : new Results();
            results.put(id, result);
            session.setAttribute(RESULTS, results);
        }
        Responses.redirectInApp(request, response, resultPath + (resultPath.contains("?") ? "&" : "?") + "test=" + id);
    }

    private static void wait(HttpServletRequest request, String key, PendingLogins.Kind kind, Waiting waiting,
            String resultPath) {
        PendingLogins.put(request.getSession(true), key, new PendingLogins.Pending(kind, waiting, resultPath));
    }

    /**
     * Keeps a started test: at most {@link #MAX_PER_TENANT} of one tenant (its oldest goes first),
     * so that one tenant starting tests without end pushes out only its own.
     */
    private synchronized String remember(Started test) {
        Instant oldest = clock.instant().minus(LIFETIME);
        started.values().removeIf(s -> s.at().isBefore(oldest));
        List<String> ofTenant = started.entrySet().stream()
                .filter(e -> e.getValue().tenant().id().equals(test.tenant().id())).map(Map.Entry::getKey).toList();
        for (int i = 0; i <= ofTenant.size() - MAX_PER_TENANT; i++) {
            started.remove(ofTenant.get(i));
        }
        while (started.size() >= MAX_STARTED) {
            started.remove(started.keySet().iterator().next());
        }
        String id = PendingLogins.newKey();
        started.put(id, test);
        return id;
    }

    private static void requireInAppPath(String path) {
        if (!Objects.requireNonNull(path, "resultPath cannot be null").startsWith("/") || path.startsWith("//")
                || path.contains("\\") || path.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("resultPath must be a path of this application, such as /sso/setup/test");
        }
    }

    /** The test {@code id} started, once: a second answer to it finds nothing. */
    private synchronized Optional<Started> take(String id) {
        Started test = started.remove(id);
        return test == null || test.at().isBefore(clock.instant().minus(LIFETIME)) ? Optional.empty()
                : Optional.of(test);
    }

    /** The last few results of one session, newest last. */
    private static final class Results extends LinkedHashMap<String, Result> {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > MAX_RESULTS;
        }
    }
}
