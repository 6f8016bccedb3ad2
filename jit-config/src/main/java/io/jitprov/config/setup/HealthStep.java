package io.jitprov.config.setup;

import static io.jitprov.config.setup.SetupHtml.esc;

import io.jitprov.config.ConnectionHealth;
import io.jitprov.config.JitRegistry;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.registry.RegistryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The health of the tenant's connections, for its IT admin: state, last sign-in, refusals, metadata, certificates. */
final class HealthStep {

    private final JitRegistry registry;
    private final AuditTrail trail;

    HealthStep(JitRegistry registry, AuditTrail trail) {
        this.registry = registry;
        this.trail = trail;
    }

    String page(SetupCall call, String tenantId) {
        List<RegistryEntry> connections = registry.connectionsOf(tenantId);
        StringBuilder html = new StringBuilder("<p>").append(esc(call.texts.get("health.intro"))).append("</p>");
        if (connections.isEmpty()) {
            return html.append("<p>").append(esc(call.texts.get("health.none"))).append("</p>").toString();
        }
        Instant now = Instant.now();
        for (RegistryEntry connection : connections) {
            Optional<ConnectionHealth> health = registry.health(connection.id(), trail);
            health.ifPresent(h -> section(call, html, h, now));
        }
        return html.toString();
    }

    private static void section(SetupCall call, StringBuilder html, ConnectionHealth health, Instant now) {
        html.append("<section class=\"card\"><h2>").append(esc(health.idp())).append("</h2><p>")
                .append(esc(call.texts.get(health.active() ? "health.state.on" : "health.state.draft"))).append(' ')
                .append(esc(health.lastSignIn() == null ? call.texts.get("health.never")
                        : call.texts.get("health.last.signin", SetupPages.when(health.lastSignIn())))).append("</p><p>")
                .append(esc(call.texts.get(health.protocol().equals("oidc") ? "health.metadata.oidc"
                        : health.refreshed() ? "health.metadata.url" : "health.metadata.inline"))).append("</p>");
        if (health.readFailure() != null) {
            html.append(SetupHtml.notice("problem", call.texts.get("health.metadata.failing", health.readFailure())));
        }
        if (!health.certificates().isEmpty()) {
            html.append("<h3>").append(esc(call.texts.get("health.certificates"))).append("</h3><ul>");
            for (ConnectionHealth.Certificate certificate : health.certificates()) {
                long days = Duration.between(now, certificate.expiresAt()).toDays();
                String line = certificate.expiresAt().isAfter(now)
                        ? call.texts.get("health.cert.expires", certificate.subject(), SetupPages.when(certificate.expiresAt()), days)
                        : call.texts.get("health.cert.expired", certificate.subject(), SetupPages.when(certificate.expiresAt()));
                html.append("<li").append(days < 30 ? " class=\"soon\"" : "").append('>').append(esc(line)).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("<h3>").append(esc(call.texts.get("health.refusals"))).append("</h3>");
        if (health.refusals().isEmpty()) {
            html.append("<p>").append(esc(call.texts.get("health.refusals.none"))).append("</p></section>");
            return;
        }
        html.append("<table><thead><tr><th scope=\"col\">").append(esc(call.texts.get("health.when")))
                .append("</th><th scope=\"col\">").append(esc(call.texts.get("health.reference")))
                .append("</th><th scope=\"col\">").append(esc(call.texts.get("health.why"))).append("</th></tr></thead><tbody>");
        for (ConnectionHealth.Refused refused : health.refusals()) {
            html.append("<tr><td>").append(esc(SetupPages.when(refused.at()))).append("</td><td><code>")
                    .append(esc(refused.reference())).append("</code></td><td><code>").append(esc(refused.code()))
                    .append("</code> ").append(esc(refused.meaning() != null ? refused.meaning() : refused.description()));
            if (refused.fix() != null) {
                html.append("<br><span class=\"hint\">").append(esc(refused.fix())).append("</span>");
            }
            html.append("</td></tr>");
        }
        html.append("</tbody></table></section>");
    }
}
