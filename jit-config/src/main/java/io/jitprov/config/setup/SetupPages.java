package io.jitprov.config.setup;

import static io.jitprov.config.setup.SetupHtml.copyable;
import static io.jitprov.config.setup.SetupHtml.esc;
import static io.jitprov.config.setup.SetupHtml.form;
import static io.jitprov.config.setup.SetupHtml.notice;

import io.jitprov.core.attributes.AttributeDefinition;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.servlet.JitLogin;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The body of each setup page, from what the tenant has so far; {@link SetupHtml} lays it out. */
final class SetupPages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Texts texts;
    private final Brand brand;

    SetupPages(Texts texts, Brand brand) {
        this.texts = texts;
        this.brand = brand;
    }

    static String when(Instant instant) {
        return DAY.format(instant);
    }

    /** The state of the tenant's setup, as the overview shows it. */
    record Progress(List<DomainClaim> domains, boolean draft, boolean active, int roleRules) {
        boolean domainVerified() {
            return domains.stream().anyMatch(DomainClaim::verified);
        }
    }

    String open(String action, String token, String tenantId) {
        return "<p>" + esc(texts.get("open.intro", brand.productName())) + "</p><p>" + esc(texts.get("open.steps"))
                + "</p><form method=\"post\" action=\"" + esc(action) + "\"><input type=\"hidden\" name=\"link\" value=\""
                + esc(token) + "\"><button type=\"submit\">" + esc(texts.get("open.continue")) + "</button></form>";
    }

    /** The steps and their state, then {@code testSection} (markup, may be empty), then turning on. */
    String overview(String base, String csrf, Progress progress, String testSection) {
        StringBuilder html = new StringBuilder("<p>").append(esc(texts.get("overview.intro"))).append("</p><ol class=\"progress\">");
        String domainStatus = progress.domainVerified() ? "status.done"
                : progress.domains().isEmpty() ? "status.todo" : "status.waiting";
        String idpStatus = progress.active() ? "status.on" : progress.draft() ? "status.draft" : "status.todo";
        String rolesStatus = progress.roleRules() > 0 ? "status.done" : "status.optional";
        item(html, base + "/domain", "step.domain", domainStatus);
        item(html, base + "/idp", "step.idp", idpStatus);
        item(html, base + "/roles", "step.roles", rolesStatus);
        html.append("</ol>").append(testSection).append("<h2>").append(esc(texts.get("step.activate"))).append("</h2>");
        if (progress.active() && !progress.draft()) {
            html.append(notice("ok", texts.get("overview.activated")));
        } else if (progress.domainVerified() && progress.draft()) {
            html.append("<p>").append(esc(texts.get("overview.ready"))).append("</p><p>")
                    .append(esc(texts.get("overview.signin.test"))).append("</p>")
                    .append(form(base + "/activate", csrf)).append("<button type=\"submit\">")
                    .append(esc(texts.get("overview.activate"))).append("</button></form>");
        } else {
            html.append("<p>").append(esc(texts.get("overview.not.ready"))).append("</p>");
        }
        return html.toString();
    }

    private void item(StringBuilder html, String href, String step, String status) {
        html.append("<li><a href=\"").append(esc(href)).append("\">").append(esc(texts.get(step)))
                .append("</a> <span class=\"badge ").append(status.substring("status.".length())).append("\">")
                .append(esc(texts.get(status))).append("</span></li>");
    }

    String domain(String base, String csrf, List<DomainClaim> claims) {
        StringBuilder html = new StringBuilder("<p>").append(esc(texts.get("domain.intro"))).append("</p>");
        if (claims.isEmpty()) {
            html.append("<p>").append(esc(texts.get("domain.none"))).append("</p>");
        }
        int i = 0;
        for (DomainClaim claim : claims) {
            html.append("<section class=\"card\"><h2>").append(esc(claim.domain())).append("</h2>");
            if (claim.verified()) {
                html.append(notice("ok", texts.get("domain.verified", claim.domain())));
            } else {
                html.append("<p>").append(esc(texts.get("domain.pending"))).append("</p>")
                        .append(copyable(texts, "txt-name-" + i, texts.get("domain.record.name"), claim.txtRecordName()))
                        .append(copyable(texts, "txt-value-" + i, texts.get("domain.record.value"), claim.txtRecordValue()))
                        .append(form(base + "/domain/check", csrf)).append("<input type=\"hidden\" name=\"domain\" value=\"")
                        .append(esc(claim.domain())).append("\"><button type=\"submit\">").append(esc(texts.get("domain.check")))
                        .append("</button></form>");
            }
            html.append("</section>");
            i++;
        }
        html.append(form(base + "/domain", csrf)).append("<label for=\"domain\">").append(esc(texts.get("domain.add")))
                .append("</label><p class=\"hint\" id=\"domain-hint\">").append(esc(texts.get("domain.add.hint")))
                .append("</p><input id=\"domain\" name=\"domain\" type=\"text\" inputmode=\"url\" autocomplete=\"off\"")
                .append(" spellcheck=\"false\" required maxlength=\"253\" aria-describedby=\"domain-hint\">")
                .append("<button type=\"submit\">").append(esc(texts.get("domain.add.button"))).append("</button></form>");
        return html.toString();
    }

    String chooseIdp(String base, java.util.function.Predicate<IdpKind> offered) {
        StringBuilder html = new StringBuilder("<p>").append(esc(texts.get("idp.intro"))).append("</p><ul class=\"choices\">");
        for (IdpKind kind : IdpKind.values()) {
            if (!offered.test(kind)) {
                continue;
            }
            html.append("<li><a class=\"choice\" href=\"").append(esc(base + "/idp/" + kind.slug())).append("\">")
                    .append("<span>").append(esc(texts.get("idp." + kind.slug()))).append("</span><small>")
                    .append(esc(texts.get(kind.saml() ? "idp.protocol.saml" : "idp.protocol.oidc")))
                    .append("</small></a></li>");
        }
        return html.append("</ul>").toString();
    }

    /** Instructions, the values to paste, the attributes to send, and the form for the IdP's side. */
    String idp(String base, String csrf, IdpKind kind, JitLogin.Endpoints endpoints, AttributeSchema schema,
            Fields given, boolean secretStored) {
        StringBuilder html = new StringBuilder("<p><a href=\"").append(esc(base + "/idp")).append("\">")
                .append(esc(texts.get("idp.other"))).append("</a></p><h2>").append(esc(texts.get("idp.steps")))
                .append("</h2><ol class=\"instructions\">");
        texts.items("idp." + kind.slug() + ".steps").forEach(step -> html.append("<li>").append(esc(step)).append("</li>"));
        html.append("</ol><h2>").append(esc(texts.get("idp.values"))).append("</h2>");
        if (kind.saml()) {
            html.append(copyable(texts, "sp-entity-id", texts.get("idp.value.entityId"), endpoints.samlEntityId()))
                    .append(copyable(texts, "sp-acs", texts.get("idp.value.acs"), endpoints.samlAcsUrl()))
                    .append(copyable(texts, "sp-metadata", texts.get("idp.value.metadata"), endpoints.samlMetadataUrl()))
                    .append("<p><a href=\"").append(esc(endpoints.samlMetadataUrl())).append("\" download=\"sp-metadata.xml\">")
                    .append(esc(texts.get("idp.value.metadata.download"))).append("</a></p>");
        } else {
            html.append(copyable(texts, "redirect-uri", texts.get("idp.value.redirect"), endpoints.oidcRedirectUri()));
        }
        attributes(html, schema);
        html.append("<h2>").append(esc(texts.get("idp.yours"))).append("</h2>").append(form(base + "/idp/" + kind.slug(), csrf));
        if (kind.saml()) {
            field(html, "metadataUrl", "idp.saml.url", "idp.saml.url.hint", given.metadataUrl(), "url");
            html.append("<p class=\"or\">").append(esc(texts.get("idp.saml.or"))).append("</p>")
                    .append("<label for=\"metadataFile\">").append(esc(texts.get("idp.saml.file"))).append("</label>")
                    .append("<input id=\"metadataFile\" type=\"file\" accept=\".xml,application/xml,application/samlmetadata+xml\"")
                    .append(" data-fills=\"metadataXml\">")
                    .append("<label for=\"metadataXml\">").append(esc(texts.get("idp.saml.xml"))).append("</label>")
                    .append("<p class=\"hint\" id=\"metadataXml-hint\">").append(esc(texts.get("idp.saml.xml.hint")))
                    .append("</p><textarea id=\"metadataXml\" name=\"metadataXml\" rows=\"6\" spellcheck=\"false\"")
                    .append(" aria-describedby=\"metadataXml-hint\">").append(esc(given.metadataXml())).append("</textarea>");
            field(html, "groupAttribute", "idp.saml.groups", "idp.saml.groups.hint", given.groupAttribute(), "text");
        } else {
            field(html, "issuer", "idp.oidc.issuer", "idp.oidc.issuer.hint", given.issuer(), "url");
            field(html, "clientId", "idp.oidc.client", null, given.clientId(), "text");
            html.append("<label for=\"clientSecret\">").append(esc(texts.get("idp.oidc.secret"))).append("</label>");
            if (secretStored) {
                html.append("<p class=\"hint\" id=\"clientSecret-hint\">").append(esc(texts.get("idp.oidc.secret.kept")))
                        .append("</p>");
            }
            html.append("<input id=\"clientSecret\" name=\"clientSecret\" type=\"password\" autocomplete=\"off\"")
                    .append(secretStored ? " aria-describedby=\"clientSecret-hint\"" : " required").append('>');
        }
        return html.append("<button type=\"submit\">").append(esc(texts.get("idp.save"))).append("</button></form>")
                .toString();
    }

    /** What the IT admin typed, shown again when it is refused. */
    record Fields(String metadataUrl, String metadataXml, String groupAttribute, String issuer, String clientId) { }

    private void field(StringBuilder html, String name, String label, String hint, String value, String type) {
        html.append("<label for=\"").append(name).append("\">").append(esc(texts.get(label))).append("</label>");
        if (hint != null) {
            html.append("<p class=\"hint\" id=\"").append(name).append("-hint\">").append(esc(texts.get(hint))).append("</p>");
        }
        html.append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" type=\"").append(type)
                .append("\" value=\"").append(esc(value)).append("\" autocomplete=\"off\" spellcheck=\"false\"")
                .append(hint != null ? " aria-describedby=\"" + name + "-hint\"" : "").append('>');
    }

    private void attributes(StringBuilder html, AttributeSchema schema) {
        html.append("<h2>").append(esc(texts.get("idp.attributes"))).append("</h2><table class=\"attributes\"><thead><tr>")
                .append("<th scope=\"col\">").append(esc(texts.get("idp.attribute.name"))).append("</th><th scope=\"col\">")
                .append(esc(texts.get("idp.attribute.required"))).append("</th><th scope=\"col\">")
                .append(esc(texts.get("idp.attribute.also"))).append("</th></tr></thead><tbody>");
        for (AttributeDefinition definition : schema.definitions()) {
            html.append("<tr><td><code>").append(esc(definition.name())).append("</code></td><td>")
                    .append(esc(texts.get(definition.requiredFor().isEmpty() ? "idp.attribute.no" : "idp.attribute.yes")))
                    .append("</td><td><ul class=\"aliases\">");
            definition.aliases().forEach(alias -> html.append("<li><code>").append(esc(alias)).append("</code></li>"));
            html.append("</ul></td></tr>");
        }
        html.append("</tbody></table>");
    }

    String roles(String base, String csrf, RoleForm form) {
        List<String> choices = form.choices();
        StringBuilder html = new StringBuilder();
        if (choices.isEmpty()) {
            return html.append(notice("info", texts.get("roles.no.roles", brand.productName()))).toString();
        }
        html.append("<p>").append(esc(texts.get("roles.intro"))).append("</p>").append(form(base + "/roles", csrf))
                .append("<table class=\"rules\"><thead><tr><th scope=\"col\">").append(esc(texts.get("roles.group")))
                .append("</th><th scope=\"col\">").append(esc(texts.get("roles.role"))).append("</th></tr></thead><tbody>");
        List<RoleForm.Row> rows = new java.util.ArrayList<>(form.rows());
        for (int blank = 0; blank < 3; blank++) {
            rows.add(new RoleForm.Row("", ""));
        }
        int i = 0;
        for (RoleForm.Row row : rows) {
            html.append("<tr><td><input name=\"group\" aria-label=\"").append(esc(texts.get("roles.group")))
                    .append(" ").append(i + 1).append("\" value=\"").append(esc(row.group()))
                    .append("\" maxlength=\"256\" spellcheck=\"false\"></td><td><select name=\"role\" aria-label=\"")
                    .append(esc(texts.get("roles.role"))).append(" ").append(i + 1).append("\"><option value=\"\">")
                    .append(esc(texts.get("roles.none"))).append("</option>");
            for (String role : choices) {
                html.append("<option").append(role.equals(row.role()) ? " selected" : "").append(" value=\"")
                        .append(esc(role)).append("\">").append(esc(role)).append("</option>");
            }
            html.append("</select></td></tr>");
            i++;
        }
        html.append("</tbody></table>");
        if (!form.keptRules().isEmpty()) {
            html.append("<p class=\"hint\">").append(esc(texts.get("roles.kept", brand.productName(),
                    String.join("; ", form.keptRules())))).append("</p>");
        }
        return html.append("<label for=\"required\">").append(esc(texts.get("roles.required")))
                .append("</label><p class=\"hint\" id=\"required-hint\">").append(esc(texts.get("roles.required.hint")))
                .append("</p><textarea id=\"required\" name=\"required\" rows=\"3\" spellcheck=\"false\"")
                .append(" aria-describedby=\"required-hint\">").append(esc(String.join("\n", form.requiredGroups())))
                .append("</textarea><button type=\"submit\">").append(esc(texts.get("roles.save")))
                .append("</button></form>").toString();
    }
}
