package io.jitprov.config;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.audit.AuditTrail;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.saml.SamlMetadataResolver;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A connection's health, put together from the registry, its IdP as this node reads it, and the audit trail. */
final class ConnectionHealths {

    /** How far back the trail is read: enough for the last sign-in of an IdP refused a few hundred times since. */
    static final int EVENTS_READ = 500;
    static final int REFUSALS_SHOWN = 10;
    private static final String HINTS = "io.jitprov.servlet.refusal-hints";

    private static final Set<AuditOutcome> SIGNED_IN = Set.of(AuditOutcome.CREATED, AuditOutcome.UPDATED,
            AuditOutcome.UNCHANGED, AuditOutcome.LINKED);

    private ConnectionHealths() {
    }

    static ConnectionHealth of(RegistryEntry entry, RegistryDocuments.LiveConnection live, AuditTrail trail) {
        boolean saml = live.saml() != null;
        String idp = live.key().substring((saml ? RegistryDocuments.SAML_KEY : RegistryDocuments.OIDC_KEY).length());
        List<ConnectionHealth.Certificate> certificates = new ArrayList<>();
        String readFailure = null;
        boolean refreshed = false;
        try {
            if (saml) {
                SamlMetadataResolver resolver = live.saml();
                refreshed = resolver.refreshed(idp);
                resolver.find(idp).map(SamlIdentityProvider::signingCertificates).orElse(List.of())
                        .forEach(c -> certificates.add(certificate(c)));
                readFailure = resolver.refreshFailure(idp).orElse(null);
            } else {
                refreshed = true;
                live.oidc().find(idp);
            }
        } catch (JitAuthenticationException e) {
            readFailure = e.refusal().message();
        }
        certificates.sort(Comparator.comparing(ConnectionHealth.Certificate::expiresAt));
        // Only this tenant's: a draft may name an IdP another tenant signs in through. Events from before
        // a tenant was known (a response refused outright) belong to whoever holds the IdP: an active connection.
        boolean holdsIdp = entry.key() != null;
        List<AuditEvent> events = trail.recentOfIssuer(idp, EVENTS_READ).stream()
                .filter(e -> e.tenantId() == null ? holdsIdp : e.tenantId().equals(entry.tenantId())).toList();
        return new ConnectionHealth(entry.id(), entry.tenantId(), entry.key() != null, saml ? "saml" : "oidc", idp,
                events.stream().filter(e -> e.action() == AuditAction.LOGIN && SIGNED_IN.contains(e.outcome()))
                        .map(AuditEvent::time).findFirst().orElse(null),
                refusals(events), refreshed, readFailure, certificates);
    }

    private static List<ConnectionHealth.Refused> refusals(List<AuditEvent> events) {
        List<ConnectionHealth.Refused> refused = new ArrayList<>();
        for (AuditEvent event : events) {
            if (event.outcome() == AuditOutcome.REFUSED && refused.size() < REFUSALS_SHOWN) {
                @Nullable JitError first = event.errors().isEmpty() ? null : event.errors().get(0);
                String code = first == null ? "refused" : first.code();
                refused.add(new ConnectionHealth.Refused(event.time(), event.correlationId(), code,
                        first == null ? "" : first.description(), hint(code + ".meaning"), hint(code + ".fix")));
            }
        }
        return refused;
    }

    /** What a refusal code means and how to fix it, as test sign-ins say it (jit-servlet's words, in English). */
    private static @Nullable String hint(String key) {
        try {
            return ResourceBundle.getBundle(HINTS, Locale.ENGLISH).getString(key);
        } catch (MissingResourceException e) {
            return null;
        }
    }

    private static ConnectionHealth.Certificate certificate(X509Certificate certificate) {
        return new ConnectionHealth.Certificate(certificate.getSubjectX500Principal().getName(),
                certificate.getNotAfter().toInstant());
    }
}
