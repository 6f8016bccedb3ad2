package io.jitprov.servlet;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.Refusal;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.tenant.StepUp;
import io.jitprov.saml.AuthnRequestOptions;
import io.jitprov.saml.PendingAuthnRequest;
import io.jitprov.saml.SamlAuthnRequests;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlLogoutRequest;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import io.jitprov.servlet.internal.BadRequestException;
import io.jitprov.servlet.internal.Html;
import io.jitprov.servlet.internal.ParsedRequest;
import io.jitprov.servlet.internal.Responses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code /saml/login}, {@code /saml/acs}, {@code /saml/metadata} and {@code /saml/slo}. */
final class SamlEndpoints {

    private final SamlServiceProvider serviceProvider;
    private final Observers observers;
    private final SamlIdentityProviders identityProviders;
    private final SamlVerifier verifier;
    private final SamlAuthnRequests requests;
    private final @Nullable SamlSingleLogout singleLogout;
    private final Logins logins;
    private final Refusals refusals;
    private final SessionRegistry sessions;
    private @Nullable TestSignIns tests;

    SamlEndpoints(SamlServiceProvider serviceProvider, SamlIdentityProviders identityProviders, SamlVerifier verifier,
            SamlAuthnRequests requests, @Nullable SamlSingleLogout singleLogout, Logins logins, Refusals refusals,
            SessionRegistry sessions, Observers observers) {
        this.observers = observers;
        this.serviceProvider = serviceProvider;
        this.identityProviders = identityProviders;
        this.verifier = verifier;
        this.requests = requests;
        this.singleLogout = singleLogout;
        this.logins = logins;
        this.refusals = refusals;
        this.sessions = sessions;
    }

    void testSignIns(TestSignIns tests) {
        this.tests = tests;
    }

    SamlVerifier verifier() {
        return verifier;
    }

    SamlServiceProvider serviceProvider() {
        return serviceProvider;
    }

    SamlAuthnRequests requests() {
        return requests;
    }

    /** Sends the browser to the IdP; the request and the destination wait in the session. */
    void login(HttpServletRequest request, HttpServletResponse response, String entityId, String returnPath,
            boolean forceAuthn, @Nullable StepUp stepUp) throws IOException {
        Optional<SamlIdentityProvider> idp;
        try {
            idp = identityProviders.find(entityId);
        } catch (JitAuthenticationException unavailable) {
            refusals.refuseMessage(response, AuditAction.SAML_LOGIN, entityId, unavailable.refusal());
            return;
        }
        if (idp.isEmpty()) {
            refusals.refuseMessage(response, AuditAction.SAML_LOGIN, entityId, Refusal.of(JitErrorCodes.UNKNOWN_ISSUER,
                    "No SAML identity provider is configured as [" + entityId + "]"));
            return;
        }
        String relayState = PendingLogins.newKey();
        AuthnRequestOptions.Builder builder = AuthnRequestOptions.builder().relayState(relayState)
                .forceAuthn(forceAuthn || stepUp != null);
        if (stepUp != null && !stepUp.contexts().isEmpty()) {
            builder.requestedAuthnContext(AuthnRequestOptions.Comparison.EXACT, stepUp.contexts().toArray(String[]::new));
        }
        AuthnRequestOptions options = builder.build();
        try {
            if (idp.get().ssoRedirectUrl().isPresent()) {
                var redirect = requests.redirect(idp.get(), options);
                PendingLogins.put(request.getSession(true), relayState,
                        new PendingLogins.Pending(PendingLogins.Kind.SAML_LOGIN, redirect.request(), returnPath));
                Responses.redirect(response, redirect.url());
            } else {
                var form = requests.post(idp.get(), options);
                PendingLogins.put(request.getSession(true), relayState,
                        new PendingLogins.Pending(PendingLogins.Kind.SAML_LOGIN, form.request(), returnPath));
                Responses.html(response, HttpServletResponse.SC_OK, form.html());
            }
        } catch (IllegalStateException unusable) {
            // The IdP's metadata (which whoever runs it controls) offers no binding jit speaks, or wants
            // signed requests from an SP without a key: the IdP's problem, refused as such.
            refusals.refuseMessage(response, AuditAction.SAML_LOGIN, entityId, Refusal.of(JitErrorCodes.IDP_NOT_USABLE,
                    unusable.getMessage()));
        }
    }

    /** The assertion consumer service: the response must answer the request its RelayState names. */
    void acs(HttpServletRequest request, HttpServletResponse response, String defaultReturn) throws IOException {
        // The HTTP-POST binding only (SAML Bindings §3.5): a response in a URL ends up in logs and Referer headers.
        if (!"POST".equals(request.getMethod()) || !(request instanceof ParsedRequest form)) {
            throw new BadRequestException(HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "The SAML response must be posted to this address");
        }
        if (form.inQuery("SAMLResponse") || form.inQuery("RelayState")) {
            throw new BadRequestException(HttpServletResponse.SC_BAD_REQUEST,
                    "The SAML response must be posted in the form, not sent in the address");
        }
        String samlResponse = form.formField("SAMLResponse");
        if (samlResponse == null) {
            refusals.refuseMessage(response, AuditAction.SAML_RESPONSE, null,
                    Refusal.of(JitErrorCodes.MALFORMED_MESSAGE, "No SAMLResponse was posted"));
            return;
        }
        String relayState = form.formField("RelayState");
        Optional<PendingLogins.Pending> test = relayState == null || request.getSession(false) == null || tests == null
                ? Optional.empty() : PendingLogins.take(request.getSession(false), PendingLogins.Kind.SAML_TEST, relayState);
        if (test.isPresent()) {
            tests.completeSaml(request, response, samlResponse, (TestSignIns.Waiting) test.get().request());
            return;
        }
        Optional<PendingLogins.Pending> pending = relayState == null || request.getSession(false) == null
                ? Optional.empty()
                : PendingLogins.take(request.getSession(false), PendingLogins.Kind.SAML_LOGIN, relayState);
        PendingAuthnRequest answered = pending.map(p -> (PendingAuthnRequest) p.request()).orElse(null);
        VerifiedIdentity identity;
        long started = System.nanoTime();
        try {
            identity = verifier.verify(samlResponse, answered);
        } catch (JitAuthenticationException e) {
            observers.signIn(IdpRoute.Protocol.SAML, "refused", e.refusal().code(), null, System.nanoTime() - started);
            refusals.refuseMessage(response, AuditAction.SAML_RESPONSE, answered == null ? null : answered.idpEntityId(), e.refusal());
            return;
        } catch (JitStoreException e) {
            observers.signIn(IdpRoute.Protocol.SAML, "unavailable", e.code(), null, System.nanoTime() - started);
            refusals.unavailable(response, e.code());
            return;
        }
        String returnPath = pending.map(PendingLogins.Pending::returnPath).orElse(defaultReturn);
        logins.complete(request, response, identity, IdpRoute.Protocol.SAML, returnPath, System.nanoTime() - started);
    }

    void metadata(HttpServletResponse response) throws IOException {
        Responses.text(response, HttpServletResponse.SC_OK, "application/samlmetadata+xml;charset=UTF-8",
                SamlMetadata.forServiceProvider(serviceProvider));
    }

    /** IdP-initiated logout: end the sessions the LogoutRequest names, answer with a LogoutResponse. */
    void slo(HttpServletRequest request, HttpServletResponse response, String afterLogout) throws IOException {
        if (request.getParameter("SAMLResponse") != null) {
            // The IdP answering a logout we started: the session is already gone.
            Responses.redirectInApp(request, response, afterLogout);
            return;
        }
        if (singleLogout == null || request.getParameter("SAMLRequest") == null) {
            Responses.text(response, HttpServletResponse.SC_BAD_REQUEST, "text/plain;charset=UTF-8", "No LogoutRequest");
            return;
        }
        SamlLogoutRequest logout;
        try {
            logout = "POST".equals(request.getMethod())
                    ? singleLogout.verifyPost(request.getParameter("SAMLRequest"), request.getParameter("RelayState"))
                    : singleLogout.verifyRedirect(String.valueOf(request.getQueryString()));
        } catch (JitAuthenticationException e) {
            refusals.refuseMessage(response, AuditAction.SAML_LOGOUT, null, e.refusal());
            return;
        } catch (JitStoreException e) {
            refusals.unavailable(response, e.code());
            return;
        }
        sessions.end(logout.event());
        // Only the sessions the IdP named end: posting someone else's LogoutRequest from a victim's
        // browser must not sign the victim out.
        Logins.principal(request).filter(p -> SessionRegistry.matches(p, logout.event()))
                .ifPresent(p -> Logins.logout(request));
        SamlIdentityProvider idp = answeringIdp(logout.event().issuer());
        if (idp != null && idp.sloRedirectUrl().isPresent()) {
            Responses.redirect(response, singleLogout.responseRedirectUrl(logout));
        } else if (idp != null && idp.sloPostUrl().isPresent()) {
            Responses.html(response, HttpServletResponse.SC_OK, singleLogout.responsePostPage(logout));
        } else {
            Responses.html(response, HttpServletResponse.SC_OK, Html.page("Signed out",
                    "<p>You are signed out.</p>"));
        }
    }

    /** The IdP to answer a logout at; none when its metadata cannot be read now (the person is signed out anyway). */
    private @Nullable SamlIdentityProvider answeringIdp(String entityId) {
        try {
            return identityProviders.find(entityId).orElse(null);
        } catch (JitAuthenticationException unavailable) {
            return null;
        }
    }
}
