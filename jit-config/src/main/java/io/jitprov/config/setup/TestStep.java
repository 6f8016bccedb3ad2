package io.jitprov.config.setup;

import static io.jitprov.config.setup.SetupHtml.esc;

import io.jitprov.config.JitRegistry;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.servlet.TestSignIns;
import java.io.IOException;
import java.util.Optional;

/**
 * The test sign-in: started from the overview (a form that opens a new tab), run by jit's
 * {@link TestSignIns} through the draft connection's IdP, and shown here check by check.
 */
final class TestStep {

    private final JitRegistry registry;

    TestStep(JitRegistry registry) {
        this.registry = registry;
    }

    /** Starts a test sign-in through the tenant's draft connection. */
    void start(SetupCall call, SetupSession.Scope scope, LinkThrottle throttle) throws IOException {
        Optional<RegistryEntry> draft = JitSetup.draftOf(registry.connectionsOf(scope.tenantId()));
        Optional<Tenant> tenant = registry.tenants().find(scope.tenantId());
        if (draft.isEmpty() || tenant.isEmpty()) {
            SetupSession.tell(call.request, "problem", call.texts.get("test.needs.idp"));
            call.seeOther("/");
            return;
        }
        if (!(call.request.getAttribute(TestSignIns.ATTRIBUTE) instanceof TestSignIns tests)) {
            throw new SetupSteps.NotFound();
        }
        long wait = throttle.secondsToWait(scope.linkId());
        if (wait > 0) {
            SetupSession.tell(call.request, "problem", call.texts.get("error.too.often", wait));
            call.seeOther("/");
            return;
        }
        String resultPath = call.base.substring(call.request.getContextPath().length()) + "/test";
        try {
            Optional<SamlIdentityProvider> saml = registry.samlIdentityProviderOf(draft.get().id());
            // Tested as the tenant will be once the connection is on: trusting its IdP.
            if (saml.isPresent()) {
                tests.startSaml(call.request, call.response, saml.get(),
                        tenant.get().toBuilder().trustedIssuers(saml.get().entityId()).build(), resultPath);
                return;
            }
            Optional<OidcProvider> oidc = registry.oidcProviderOf(draft.get().id());
            if (oidc.isPresent()) {
                tests.startOidc(call.request, call.response, oidc.get(),
                        tenant.get().toBuilder().trustedIssuers(oidc.get().issuer()).build(), resultPath);
                return;
            }
            SetupSession.tell(call.request, "problem", call.texts.get("test.needs.idp"));
        } catch (JitAuthenticationException | IllegalStateException e) {
            String why = e instanceof JitAuthenticationException refused ? refused.refusal().message()
                    : String.valueOf(e.getMessage());
            SetupSession.tell(call.request, "problem", call.texts.get("test.unavailable", why));
        }
        call.seeOther("/");
    }

    /** The result page of test {@code id}, if this browser session ran it. */
    String result(SetupCall call, String id) {
        Optional<TestSignIns.Result> result = call.request.getAttribute(TestSignIns.ATTRIBUTE)
                instanceof TestSignIns tests ? tests.result(call.request, id) : Optional.empty();
        if (result.isEmpty()) {
            return SetupHtml.notice("info", call.texts.get("test.none")) + back(call);
        }
        StringBuilder html = new StringBuilder(SetupHtml.notice(result.get().passed() ? "ok" : "problem",
                call.texts.get(result.get().passed() ? "test.passed" : "test.failed")));
        html.append("<ol class=\"checks\">");
        for (TestSignIns.Check check : result.get().checks()) {
            String status = check.status().name().toLowerCase(java.util.Locale.ROOT);
            html.append("<li class=\"check ").append(status).append("\"><span class=\"badge ").append(status)
                    .append("\">").append(esc(call.texts.get("test.status." + status))).append("</span> <strong>")
                    .append(esc(check.title())).append("</strong>");
            if (!check.detail().isEmpty() && check.status() != TestSignIns.Status.NOT_CHECKED) {
                html.append("<p>").append(esc(check.detail())).append("</p>");
            }
            if (check.code() != null) {
                html.append("<dl><dt>").append(esc(call.texts.get("test.code"))).append("</dt><dd><code>")
                        .append(esc(check.code())).append("</code></dd>");
                if (check.meaning() != null) {
                    html.append("<dt>").append(esc(call.texts.get("test.meaning"))).append("</dt><dd>")
                            .append(esc(check.meaning())).append("</dd>");
                }
                if (check.fix() != null) {
                    html.append("<dt>").append(esc(call.texts.get("test.fix"))).append("</dt><dd>")
                            .append(esc(check.fix())).append("</dd>");
                }
                html.append("</dl>");
            }
            html.append("</li>");
        }
        return html.append("</ol>").append(back(call)).toString();
    }

    /** The overview's part: what a test sign-in is, and its button (a new tab). */
    static String section(SetupCall call, String csrf) {
        return "<h2>" + esc(call.texts.get("test.title")) + "</h2><p>" + esc(call.texts.get("test.intro")) + "</p>"
                + "<form method=\"post\" action=\"" + esc(call.base + "/test") + "\" target=\"_blank\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\"><button type=\"submit\""
                + " class=\"secondary-wide\" id=\"test-sign-in\">" + esc(call.texts.get("test.start"))
                + "</button></form>";
    }

    private static String back(SetupCall call) {
        return "<p><a href=\"" + esc(call.base + "/") + "\">" + esc(call.texts.get("test.back")) + "</a></p>";
    }
}
