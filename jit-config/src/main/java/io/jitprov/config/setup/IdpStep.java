package io.jitprov.config.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.config.JitConfigurationException;
import io.jitprov.config.JitRegistry;
import io.jitprov.config.RegistryEditor;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The IdP step for one kind of IdP: its instructions and form, and saving what the IT admin gives
 * as the tenant's draft connection (created the first time, replaced after), which takes no
 * logins until the setup turns it on.
 */
final class IdpStep {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JitRegistry registry;
    private final SetupPages pages;
    private final LinkThrottle fetches;

    IdpStep(JitRegistry registry, SetupPages pages, LinkThrottle fetches) {
        this.registry = registry;
        this.pages = pages;
        this.fetches = fetches;
    }

    void serve(SetupCall call, SetupSession.Scope scope, IdpKind kind, @Nullable SetupForm form, RegistryEditor editor)
            throws IOException {
        Optional<RegistryEntry> draft = JitSetup.draftOf(registry.connectionsOf(scope.tenantId()));
        JsonNode stored = draft.map(d -> parse(d.document())).orElse(JSON.createObjectNode());
        boolean secretStored = stored.path("oidc").path("clientSecret").isObject();
        if (form == null) {
            SetupSteps.show(call, scope, "/idp", call.texts.get("idp." + kind.slug()), body(call, scope, kind,
                    given(kind, stored), secretStored));
            return;
        }
        SetupPages.Fields fields = new SetupPages.Fields(form.one("metadataUrl"), form.one("metadataXml"),
                form.one("groupAttribute"), form.one("issuer"), form.one("clientId"));
        boolean fetching = !kind.saml() || !fields.metadataUrl().isEmpty();
        long wait = fetching ? fetches.secondsToWait(scope.linkId()) : 0;
        if (wait > 0) {
            call.page(429, call.texts.get("idp." + kind.slug()), scope, "/idp", SetupHtml.notice("problem",
                    call.texts.get("error.too.often", wait)) + body(call, scope, kind, fields, secretStored));
            return;
        }
        IdpDetails side = new IdpDetails(registry.outboundPolicy(), Clock.systemUTC().instant(), call.texts);
        IdpDetails.Checked checked = kind.saml() ? side.saml(fields.metadataUrl(), fields.metadataXml(), fields.groupAttribute())
                : side.oidc(fields.issuer(), fields.clientId(), form.one("clientSecret"), secretStored
                        && stored.path("oidc").path("issuer").asText("").equals(fields.issuer())
                        && stored.path("oidc").path("clientId").asText("").equals(fields.clientId()));
        List<String> problems = new ArrayList<>(checked.problems());
        if (checked.document() != null) {
            try {
                if (draft.isPresent()) {
                    editor.updateConnection(draft.get().id(), draft.get().version(), checked.document());
                } else {
                    editor.createConnection(scope.tenantId(), SetupSteps.newConnectionId(scope.tenantId()),
                            checked.document());
                }
                SetupSession.tell(call.request, "ok", call.texts.get("idp.saved"));
                checked.notes().forEach(note -> SetupSession.tell(call.request, "info", note));
                call.seeOther("/roles");
                return;
            } catch (JitConfigurationException e) {
                problems.addAll(e.problems());
            } catch (RegistryConflictException e) {
                problems.add(e.error().code().equals(JitErrorCodes.ENTRY_EXISTS)
                        ? call.texts.get("idp.taken", call.brand.productName()) : call.texts.get("error.changed"));
            }
        }
        call.page(422, call.texts.get("idp." + kind.slug()), scope, "/idp",
                SetupHtml.problems(call.texts.get("idp.problems"), problems) + body(call, scope, kind, fields, secretStored));
    }

    private String body(SetupCall call, SetupSession.Scope scope, IdpKind kind, SetupPages.Fields fields,
            boolean secretStored) {
        return pages.idp(call.base, scope.csrf(), kind, call.endpoints, registry.attributeSchema(), fields, secretStored);
    }

    /** What the draft holds, to fill the form with; never the secret, nor inline metadata. */
    private static SetupPages.Fields given(IdpKind kind, JsonNode stored) {
        JsonNode groups = stored.path("saml").path("groupAttributes");
        return new SetupPages.Fields(stored.path("saml").path("metadataUrl").asText(""), "",
                groups.isArray() && groups.size() > 0 ? groups.get(0).asText() : kind.groupAttribute(),
                stored.path("oidc").path("issuer").asText(""), stored.path("oidc").path("clientId").asText(""));
    }

    private static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}
