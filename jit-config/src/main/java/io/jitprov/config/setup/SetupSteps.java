package io.jitprov.config.setup;

import io.jitprov.config.JitConfigurationException;
import io.jitprov.config.JitRegistry;
import io.jitprov.config.RegistryEditor;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainClaimException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What each step does: the pages it shows and the changes its forms make, all within one tenant. */
final class SetupSteps {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JitRegistry registry;
    private final Brand brand;
    private final LinkThrottle dnsChecks;
    private final LinkThrottle fetches;
    private final LinkThrottle tests;
    private final AuditTrail trail;

    SetupSteps(JitRegistry registry, Brand brand, LinkThrottle dnsChecks, LinkThrottle fetches, LinkThrottle tests,
            AuditTrail trail) {
        this.registry = registry;
        this.brand = brand;
        this.dnsChecks = dnsChecks;
        this.fetches = fetches;
        this.tests = tests;
        this.trail = trail;
    }

    void serve(SetupCall call, String path, SetupSession.Scope scope, @Nullable SetupForm form, RegistryEditor editor)
            throws IOException {
        SetupPages pages = new SetupPages(call.texts, brand);
        if (path.equals("/roles")) {
            roles(call, scope, form, editor, pages);
        } else if (path.startsWith("/idp/")) {
            IdpKind kind = IdpKind.of(path.substring("/idp/".length())).filter(k -> offered(call, k))
                    .orElseThrow(NotFound::new);
            new IdpStep(registry, pages, fetches).serve(call, scope, kind, form, editor);
        } else if (form != null) {
            change(call, path, scope, form, editor);
        } else {
            show(call, path, scope, pages);
        }
    }

    /** The pages that only show: the overview, the domain step, the choice of IdP, a test's result. */
    private void show(SetupCall call, String path, SetupSession.Scope scope, SetupPages pages) throws IOException {
        String tenantId = scope.tenantId();
        switch (path) {
            case "", "/" -> {
                SetupPages.Progress progress = progress(tenantId);
                show(call, scope, "/", call.texts.get("title"), pages.overview(call.base, scope.csrf(), progress,
                        (progress.draft() ? TestStep.section(call, scope.csrf()) : "") + healthLink(call, progress)));
            }
            case "/domain" -> show(call, scope, "/domain", call.texts.get("step.domain"),
                    pages.domain(call.base, scope.csrf(), registry.domains().claimsOf(tenantId)));
            case "/idp" -> show(call, scope, "/idp", call.texts.get("step.idp"),
                    pages.chooseIdp(call.base, kind -> offered(call, kind)));
            case "/test" -> show(call, scope, "/", call.texts.get("test.title"), new TestStep(registry).result(call,
                    String.valueOf(call.request.getParameter("test"))));
            case "/health" -> show(call, scope, "/", call.texts.get("health.title"),
                    new HealthStep(registry, trail).page(call, tenantId));
            default -> throw new NotFound();
        }
    }

    /** The forms: each changes the tenant's setup, then answers with the page to look at next. */
    private void change(SetupCall call, String path, SetupSession.Scope scope, SetupForm form, RegistryEditor editor)
            throws IOException {
        switch (path) {
            case "/domain" -> {
                claim(call, editor, scope.tenantId(), form.one("domain"));
                call.seeOther("/domain");
            }
            case "/domain/check" -> {
                check(call, editor, scope, form.one("domain"));
                call.seeOther("/domain");
            }
            case "/test" -> new TestStep(registry).start(call, scope, tests);
            case "/activate" -> {
                activate(call, editor, scope.tenantId());
                call.seeOther("/");
            }
            default -> throw new NotFound();
        }
    }

    private static String healthLink(SetupCall call, SetupPages.Progress progress) {
        return progress.draft() || progress.active() ? "<p><a href=\"" + SetupHtml.esc(call.base + "/health") + "\">"
                + SetupHtml.esc(call.texts.get("health.link")) + "</a></p>" : "";
    }

    /** A path no step serves. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(null, null, false, false);
        }
    }

    static boolean offered(SetupCall call, IdpKind kind) {
        return kind.saml() ? call.endpoints.samlEntityId() != null : call.endpoints.oidcRedirectUri() != null;
    }

    static void show(SetupCall call, SetupSession.Scope scope, String step, String title, String body)
            throws IOException {
        StringBuilder messages = new StringBuilder();
        SetupSession.messages(call.request).forEach(m -> messages.append(SetupHtml.notice(m.kind(), m.text())));
        call.page(200, title, scope, step, messages + body);
    }

    SetupPages.Progress progress(String tenantId) {
        List<RegistryEntry> connections = registry.connectionsOf(tenantId);
        int rules = registry.tenant(tenantId).map(t -> new RoleForm(t.document()).rows().size()).orElse(0);
        return new SetupPages.Progress(registry.domains().claimsOf(tenantId), JitSetup.draftOf(connections).isPresent(),
                connections.stream().anyMatch(c -> c.key() != null), rules);
    }

    private void claim(SetupCall call, RegistryEditor editor, String tenantId, String domain) {
        try {
            editor.claimDomain(tenantId, domain, false);
        } catch (DomainClaimException e) {
            SetupSession.tell(call.request, "problem", domainProblem(call, e, domain));
        } catch (IllegalArgumentException tooMany) {
            SetupSession.tell(call.request, "problem", call.texts.get("domain.too.many"));
        }
    }

    private void check(SetupCall call, RegistryEditor editor, SetupSession.Scope scope, String domain) {
        long wait = dnsChecks.secondsToWait(scope.linkId());
        if (wait > 0) {
            SetupSession.tell(call.request, "info", call.texts.get("domain.too.often", wait));
            return;
        }
        try {
            DomainClaim claim = editor.verifyDomainByDns(scope.tenantId(), domain);
            SetupSession.tell(call.request, "ok", call.texts.get("domain.found", claim.domain()));
        } catch (DomainClaimException e) {
            SetupSession.tell(call.request, e.error().code().equals(JitErrorCodes.DOMAIN_PROOF_NOT_FOUND) ? "info"
                    : "problem", domainProblem(call, e, domain));
        } catch (JitStoreException e) {
            SetupSession.tell(call.request, "problem", call.texts.get("domain.unavailable"));
        }
    }

    private String domainProblem(SetupCall call, DomainClaimException e, String domain) {
        String shown = domain.length() > 253 ? domain.substring(0, 253) + "…" : domain;
        return switch (e.error().code()) {
            case JitErrorCodes.DOMAIN_NOT_ALLOWED -> call.texts.get("domain.consumer", shown);
            case JitErrorCodes.DOMAIN_ALREADY_CLAIMED -> call.texts.get("domain.taken", shown, brand.productName());
            case JitErrorCodes.DOMAIN_PROOF_NOT_FOUND -> call.texts.get("domain.not.found", shown);
            case JitErrorCodes.DOMAIN_NOT_CLAIMED -> call.texts.get("error.not.found");
            default -> call.texts.get("domain.invalid", shown);
        };
    }

    private void roles(SetupCall call, SetupSession.Scope scope, @Nullable SetupForm form, RegistryEditor editor,
            SetupPages pages) throws IOException {
        RegistryEntry tenant = registry.tenant(scope.tenantId()).orElseThrow(NotFound::new);
        RoleForm roles = new RoleForm(tenant.document());
        if (form == null) {
            show(call, scope, "/roles", call.texts.get("step.roles"), pages.roles(call.base, scope.csrf(), roles));
            return;
        }
        List<String> choices = roles.choices();
        List<String> groups = form.all("group");
        List<String> chosen = form.all("role");
        List<RoleForm.Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < Math.min(groups.size(), chosen.size()); i++) {
            String group = groups.get(i).strip();
            String role = chosen.get(i).strip();
            if (group.isEmpty() || role.isEmpty()) {
                continue;
            }
            if (!choices.contains(role)) {
                problems.add(call.texts.get("roles.not.allowed", role));
            } else if (group.length() <= RoleForm.MAX_GROUP_LENGTH) {
                rows.add(new RoleForm.Row(group, role));
            }
        }
        List<String> required = form.one("required").lines().map(String::strip).filter(g -> !g.isEmpty())
                .filter(g -> g.length() <= RoleForm.MAX_GROUP_LENGTH).distinct().toList();
        if (rows.size() > RoleForm.MAX_ROWS || required.size() > RoleForm.MAX_ROWS) {
            problems.add(call.texts.get("roles.too.many", RoleForm.MAX_ROWS));
        }
        if (problems.isEmpty()) {
            try {
                editor.updateTenant(tenant.id(), tenant.version(), roles.with(rows, required));
                SetupSession.tell(call.request, "ok", call.texts.get("roles.saved"));
                call.seeOther("/");
                return;
            } catch (JitConfigurationException e) {
                problems.addAll(e.problems());
            } catch (RegistryConflictException e) {
                problems.add(call.texts.get("error.changed"));
            }
        }
        call.page(422, call.texts.get("step.roles"), scope, "/roles",
                SetupHtml.problems(call.texts.get("idp.problems"), problems) + pages.roles(call.base, scope.csrf(), roles));
    }

    private void activate(SetupCall call, RegistryEditor editor, String tenantId) {
        SetupPages.Progress progress = progress(tenantId);
        Optional<RegistryEntry> draft = JitSetup.draftOf(registry.connectionsOf(tenantId));
        if (!progress.domainVerified() || draft.isEmpty()) {
            SetupSession.tell(call.request, "problem", call.texts.get(draft.isEmpty() ? "activate.needs.idp"
                    : "activate.needs.domain"));
            return;
        }
        try {
            editor.activateConnection(draft.get().id(), draft.get().version());
        } catch (RegistryConflictException e) {
            SetupSession.tell(call.request, "problem", e.error().code().equals(JitErrorCodes.ENTRY_EXISTS)
                    ? call.texts.get("activate.taken", brand.productName()) : call.texts.get("error.changed"));
        }
    }

    /** A new connection's id: the tenant's, and a random part, since ids are unique across tenants. */
    static String newConnectionId(String tenantId) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String prefix = tenantId.length() > 40 ? tenantId.substring(0, 40) : tenantId;
        return prefix + "-sso-" + HexFormat.of().formatHex(random);
    }
}
