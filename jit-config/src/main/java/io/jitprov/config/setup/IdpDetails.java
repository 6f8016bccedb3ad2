package io.jitprov.config.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.saml.SamlMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an IT admin gives of their IdP, checked before anything is stored, with problems said in
 * words they can act on ("this certificate expired on ..."), and turned into a draft connection
 * document in the registry's model.
 */
final class IdpDetails {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** The outcome: a document to store, or the problems to show (and notes either way). */
    record Checked(@Nullable String document, List<String> problems, List<String> notes) { }

    private final OutboundPolicy policy;
    private final Instant now;
    private final Texts texts;

    IdpDetails(OutboundPolicy policy, Instant now, Texts texts) {
        this.policy = policy;
        this.now = now;
        this.texts = texts;
    }

    /** SAML: the metadata by URL, or its XML (pasted or read from a file by the page). */
    Checked saml(String url, String xml, String groupAttribute) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (groupAttribute.length() > 256) {
            problems.add(texts.get("check.group.too.long"));
        }
        if (url.isEmpty() == xml.isEmpty()) {
            problems.add(texts.get("check.metadata.either"));
            return new Checked(null, problems, notes);
        }
        String metadata = xml;
        if (!url.isEmpty()) {
            Optional<String> fetched = fetch(url, "application/samlmetadata+xml, application/xml", problems);
            if (fetched.isEmpty()) {
                return new Checked(null, problems, notes);
            }
            metadata = fetched.get();
        }
        SamlIdentityProvider idp;
        try {
            idp = SamlMetadata.parseIdentityProvider(metadata).build();
        } catch (IllegalArgumentException e) {
            problems.add(plainMetadataProblem(String.valueOf(e.getMessage())));
            return new Checked(null, problems, notes);
        }
        checkCertificates(idp.signingCertificates(), problems, notes);
        for (Optional<String> address : List.of(idp.ssoRedirectUrl(), idp.ssoPostUrl(), idp.sloRedirectUrl(),
                idp.sloPostUrl())) {
            address.filter(a -> !webAddress(a)).ifPresent(a -> problems.add(texts.get("check.metadata.scheme",
                    shortened(a), policy.httpAllowed() ? "http(s)" : "https")));
        }
        if (idp.ssoRedirectUrl().isEmpty() && idp.ssoPostUrl().isEmpty()) {
            problems.add(texts.get("check.metadata.no.sso"));
        }
        if (!problems.isEmpty()) {
            return new Checked(null, problems, notes);
        }
        // SAML says nothing of whether an email is verified: this IdP's are taken as verified, as its
        // organisation's admin connects it. A person still lands only in the tenant that proved the
        // email's domain and trusts this IdP; an email of anyone else's domain is refused there.
        ObjectNode saml = JSON.createObjectNode().put("emailsVerified", true);
        if (url.isEmpty()) {
            saml.put("metadata", metadata);
        } else {
            saml.put("metadataUrl", url).put("entityId", idp.entityId());
        }
        if (!groupAttribute.isEmpty()) {
            saml.putArray("groupAttributes").add(groupAttribute);
        }
        ObjectNode document = JSON.createObjectNode().put("active", false);
        document.set("saml", saml);
        notes.add(texts.get("check.idp.is", idp.entityId()));
        return new Checked(document.toString(), problems, notes);
    }

    /**
     * OpenID Connect: the issuer (its discovery document is read and must name it exactly), the
     * client, and its secret; an empty secret keeps the one stored ({@code keepSecret}).
     */
    Checked oidc(String issuer, String clientId, String secret, boolean keepSecret) {
        List<String> problems = new ArrayList<>();
        String given = issuer.endsWith("/.well-known/openid-configuration")
                ? issuer.substring(0, issuer.length() - "/.well-known/openid-configuration".length()) : issuer;
        if (given.isEmpty()) {
            problems.add(texts.get("check.issuer.missing"));
        }
        if (clientId.isEmpty()) {
            problems.add(texts.get("check.client.missing"));
        }
        if (secret.isEmpty() && !keepSecret) {
            problems.add(texts.get("check.secret.missing"));
        }
        if (!problems.isEmpty()) {
            return new Checked(null, problems, List.of());
        }
        String discoveryUrl = (given.endsWith("/") ? given.substring(0, given.length() - 1) : given)
                + "/.well-known/openid-configuration";
        Optional<String> fetched = fetch(discoveryUrl, "application/json", problems);
        if (fetched.isEmpty()) {
            return new Checked(null, problems, List.of());
        }
        checkDiscovery(fetched.get(), discoveryUrl, given, problems);
        if (!problems.isEmpty()) {
            return new Checked(null, problems, List.of());
        }
        ObjectNode oidc = JSON.createObjectNode().put("issuer", given).put("clientId", clientId);
        if (secret.isEmpty()) {
            oidc.putObject("clientSecret").put("set", true);
        } else {
            oidc.put("clientSecret", secret);
        }
        ObjectNode document = JSON.createObjectNode().put("active", false);
        document.set("oidc", oidc);
        return new Checked(document.toString(), problems, List.of());
    }

    /** The discovery document must be JSON, name exactly the issuer it was read from, and the endpoints signing in needs. */
    private void checkDiscovery(String document, String url, String issuer, List<String> problems) {
        JsonNode discovery;
        try {
            discovery = JSON.readTree(document);
        } catch (IOException e) {
            discovery = null;
        }
        if (discovery == null || !discovery.isObject()) {
            problems.add(texts.get("check.discovery.not.json", url));
            return;
        }
        String named = discovery.path("issuer").asText("");
        if (!named.equals(issuer)) {
            problems.add(named.isEmpty() ? texts.get("check.discovery.no.issuer", issuer)
                    : texts.get("check.discovery.issuer", named, issuer));
        }
        for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "jwks_uri")) {
            if (discovery.path(endpoint).asText("").isEmpty()) {
                problems.add(texts.get("check.discovery.endpoint", endpoint));
            }
        }
    }

    private Optional<String> fetch(String url, String accept, List<String> problems) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            problems.add(texts.get("check.url.invalid", url));
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            problems.add(texts.get("check.url.not.full", url));
            return Optional.empty();
        }
        try {
            OutboundPolicy.Answer answer = policy.fetch(uri, accept);
            if (answer.status() != 200) {
                problems.add(texts.get("check.url.status", url, answer.status()));
                return Optional.empty();
            }
            return Optional.of(new String(answer.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add(texts.get("check.url.unreadable", url, plainFetchProblem(e)));
            return Optional.empty();
        }
    }

    /** Where a browser may be sent on this site's behalf: https, or http where the outbound policy allows it. */
    private boolean webAddress(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || (policy.httpAllowed() && lower.startsWith("http://"));
    }

    private static String shortened(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    private void checkCertificates(List<X509Certificate> certificates, List<String> problems, List<String> notes) {
        List<X509Certificate> current = certificates.stream().filter(c -> c.getNotAfter().toInstant().isAfter(now))
                .toList();
        for (X509Certificate certificate : certificates) {
            Instant expiry = certificate.getNotAfter().toInstant();
            if (!expiry.isAfter(now)) {
                (current.isEmpty() ? problems : notes).add(texts.get(current.isEmpty() ? "check.cert.expired.only"
                        : "check.cert.expired", subject(certificate), DAY.format(expiry)));
            } else {
                notes.add(texts.get("check.cert.expires", subject(certificate), DAY.format(expiry)));
            }
        }
    }

    private static String subject(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName();
        return name.length() > 120 ? name.substring(0, 120) + "…" : name;
    }

    private String plainMetadataProblem(String message) {
        if (message.startsWith("signingCertificates cannot be empty") || message.endsWith("has no signing certificate")) {
            return texts.get("check.metadata.no.key");
        }
        if (message.contains("no IDPSSODescriptor")) {
            return texts.get("check.metadata.not.idp");
        }
        return texts.get("check.metadata.unusable", message);
    }

    private String plainFetchProblem(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.isBlank() || message.equals("null") ? texts.get("check.url.no.answer") : message;
    }
}
