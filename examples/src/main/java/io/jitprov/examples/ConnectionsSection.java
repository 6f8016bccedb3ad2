package io.jitprov.examples;

import io.jitprov.config.JitRegistry;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.tenant.DomainClaim;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The admin page's sign-in settings: the tenant's connections and domains, and forms that add a
 * connection or claim a domain through jit's admin API, as the tenant's admin (the session, and
 * its CSRF token), exactly as an application's own settings page would.
 */
final class ConnectionsSection {

    private static final String SCRIPT = """
            <script>
            (function () {
              var root = document.getElementById('sign-in-settings');
              function show(problem) {
                var box = document.getElementById('admin-result');
                box.textContent = '';
                box.hidden = false;
                var title = document.createElement('p');
                title.textContent = 'Not saved: ' + (problem.detail || 'the change failed.');
                box.appendChild(title);
                if (problem.errors) {
                  var list = document.createElement('ul');
                  problem.errors.forEach(function (e) {
                    var item = document.createElement('li');
                    item.textContent = (e.path ? e.path + ': ' : '') + e.detail;
                    list.appendChild(item);
                  });
                  box.appendChild(list);
                }
                box.scrollIntoView({block: 'center'});
              }
              function send(url, body) {
                fetch(url, {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json',
                    'X-CSRF-Token': root.dataset.csrf}, body: body === undefined ? undefined : JSON.stringify(body)})
                  .then(function (r) {
                    if (r.ok) { location.reload(); return; }
                    return r.json().catch(function () { return {detail: 'the change failed (HTTP ' + r.status + ').'}; })
                      .then(show);
                  });
              }
              document.getElementById('connection-form').addEventListener('submit', function (e) {
                e.preventDefault();
                var f = e.target;
                function v(name) { return f.elements[name].value.trim(); }
                var settings;
                if (f.elements.protocol.value === 'saml') {
                  var saml = {};
                  if (v('metadata')) { saml.metadata = v('metadata'); } else { saml.metadataUrl = v('metadataUrl'); saml.entityId = v('entityId'); }
                  settings = {saml: saml};
                } else {
                  var oidc = {issuer: v('issuer'), clientId: v('clientId')};
                  if (v('clientSecret')) { oidc.clientSecret = v('clientSecret'); } else { oidc.clientAuthentication = 'none'; }
                  settings = {oidc: oidc};
                }
                send(f.dataset.api, {id: v('id'), settings: settings});
              });
              document.getElementById('domain-form').addEventListener('submit', function (e) {
                e.preventDefault();
                var f = e.target;
                send(f.dataset.api, {domain: f.elements.domain.value.trim(), includeSubdomains: f.elements.includeSubdomains.checked});
              });
              document.querySelectorAll('[data-verify]').forEach(function (b) {
                b.addEventListener('click', function () { send(b.dataset.verify); });
              });
            })();
            </script>""";

    private final JitRegistry registry;

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    ConnectionsSection(JitRegistry registry) {
        this.registry = registry;
    }

    /** The section for {@code tenantId}'s admin; {@code csrf} is the session's token. */
    String render(String tenantId, String csrf) {
        String api = "/sso/admin/api/tenants/" + Pages.escape(segment(tenantId));
        StringBuilder html = new StringBuilder("<section id=\"sign-in-settings\" data-csrf=\"" + Pages.escape(csrf)
                + "\"><h2>Sign-in connections</h2><div id=\"admin-result\" class=\"refusal\" role=\"alert\" hidden></div>"
                + "<table id=\"connections\"><tr><th>Name</th><th>Protocol</th>"
                + "<th>Identity provider</th></tr>");
        for (RegistryEntry connection : registry.connectionsOf(tenantId)) {
            String key = String.valueOf(connection.key());
            int space = key.indexOf(' ');
            html.append("<tr><td>").append(Pages.escape(connection.id())).append("</td><td>")
                    .append(space < 0 ? "" : key.startsWith("saml") ? "SAML" : "OpenID Connect").append("</td><td>")
                    .append(Pages.escape(space < 0 ? key : key.substring(space + 1))).append("</td></tr>");
        }
        html.append("</table><details id=\"add-connection\"><summary>Add a connection</summary>"
                + "<form id=\"connection-form\" data-api=\"").append(api).append("/connections\">"
                + "<p><label>Name <input name=\"id\" required maxlength=\"64\" placeholder=\"acme-okta\"></label></p>"
                + "<fieldset><legend>Protocol</legend><label><input type=\"radio\" name=\"protocol\" value=\"saml\""
                + " checked> SAML 2.0</label> <label><input type=\"radio\" name=\"protocol\" value=\"oidc\"> OpenID"
                + " Connect</label></fieldset>"
                + "<fieldset><legend>SAML: the IdP's metadata URL and entity ID, or its metadata</legend>"
                + "<p><label>Metadata URL <input name=\"metadataUrl\" type=\"url\" size=\"50\"></label></p>"
                + "<p><label>Entity ID <input name=\"entityId\" size=\"50\"></label></p>"
                + "<p><label>Metadata XML<br><textarea name=\"metadata\" rows=\"4\" cols=\"60\"></textarea></label></p>"
                + "</fieldset><fieldset><legend>OpenID Connect</legend>"
                + "<p><label>Issuer <input name=\"issuer\" type=\"url\" size=\"50\"></label></p>"
                + "<p><label>Client ID <input name=\"clientId\"></label></p>"
                + "<p><label>Client secret <input name=\"clientSecret\" type=\"password\" autocomplete=\"off\"></label>"
                + " (stored encrypted, never shown again)</p></fieldset>"
                + "<p><button id=\"add-connection-button\" type=\"submit\">Add connection</button></p></form></details>"
                + "<h2>Domains</h2><table id=\"domains\"><tr><th>Domain</th><th>State</th><th>To prove it</th></tr>");
        for (DomainClaim claim : registry.domains().claimsOf(tenantId)) {
            html.append("<tr><td>").append(Pages.escape(claim.domain())).append(claim.includeSubdomains()
                    ? " and its subdomains" : "").append("</td><td>")
                    .append(claim.verified() ? "verified" : "waiting for its DNS record").append("</td><td>");
            if (!claim.verified()) {
                html.append("TXT record <code>").append(Pages.escape(claim.txtRecordName())).append("</code> = <code>")
                        .append(Pages.escape(claim.txtRecordValue())).append("</code> <button type=\"button\" data-verify=\"")
                        .append(api).append("/domains/").append(Pages.escape(segment(claim.domain())))
                        .append("/verify\">Check DNS now</button>");
            }
            html.append("</td></tr>");
        }
        html.append("</table><form id=\"domain-form\" data-api=\"").append(api).append("/domains\">"
                + "<label>Domain <input name=\"domain\" required placeholder=\"acme.com\"></label> "
                + "<label><input type=\"checkbox\" name=\"includeSubdomains\"> and its subdomains</label> "
                + "<button id=\"claim-domain\" type=\"submit\">Claim domain</button></form></section>").append(SCRIPT);
        return html.toString();
    }
}
