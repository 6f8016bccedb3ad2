package io.jitprov.config;

import io.jitprov.core.wiring.JitStores;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import io.jitprov.saml.SamlCredential;
import io.jitprov.saml.SamlIdentityProvider;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadataResolver;
import io.jitprov.saml.SamlMetadataSource;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@code saml} section (this service provider) and the SAML entries of {@code identityProviders}. */
final class ConfigSaml {

    /** One resolver per IdP: each read once at start, then kept fresh on its own schedule. */
    private final List<SamlMetadataResolver> resolvers = new ArrayList<>();
    private final List<Boolean> remote = new ArrayList<>();
    /** Where each resolver's IdP was configured, for problems found once the SP is known. */
    private final List<ConfigNode> places = new ArrayList<>();
    /** For a registry document: every URL is fetched under this policy, and no local file is read. */
    private final @Nullable OutboundPolicy registryPolicy;
    private final @Nullable HttpClient http;
    private final RefreshListener listener;

    /** For the operator's file; reads of metadata URLs are told to {@code listener}. */
    ConfigSaml(RefreshListener listener) {
        this(null, null, listener);
    }

    /** For a registry document, written through an API: its URLs under {@code policy}, no local files. */
    ConfigSaml(@Nullable OutboundPolicy registryPolicy, @Nullable HttpClient http, RefreshListener listener) {
        this.registryPolicy = registryPolicy;
        this.http = http;
        this.listener = listener;
    }

    /** Reads one {@code identityProviders[i].saml}; returns the entityID when the metadata could be read. */
    Optional<String> identityProvider(ConfigNode saml) {
        boolean registry = registryPolicy != null;
        if (registry) {
            saml.allowOnly("metadataUrl", "metadata", "entityId", "emailsVerified", "groupAttributes", "idpInitiated");
        } else {
            saml.allowOnly("metadataFile", "metadataUrl", "metadata", "entityId", "signedBy", "emailsVerified",
                    "groupAttributes", "idpInitiated", "allowInsecureHttp");
        }
        Optional<Path> file = registry ? Optional.empty() : saml.get("metadataFile").file();
        Optional<String> url = saml.get("metadataUrl").text();
        Optional<String> inline = saml.get("metadata").text();
        int given = (file.isPresent() ? 1 : 0) + (url.isPresent() ? 1 : 0) + (inline.isPresent() ? 1 : 0);
        if (given != 1) {
            saml.problem(null, registry ? "needs exactly one of metadataUrl and metadata"
                    : "needs exactly one of metadataFile, metadataUrl and metadata");
            return Optional.empty();
        }
        if (url.isPresent() && saml.get("entityId").text().isEmpty()) {
            saml.problem("entityId", "is required with metadataUrl: the IdP's entityID, so that jit starts and"
                    + " serves the other IdPs while this one's metadata cannot be read");
            return Optional.empty();
        }
        boolean emailsVerified = saml.get("emailsVerified").bool(false);
        boolean idpInitiated = saml.get("idpInitiated").bool(false);
        List<String> groups = saml.get("groupAttributes").texts();
        Optional<Path> signer = registry ? Optional.empty() : saml.get("signedBy").file();
        SamlMetadataSource.Builder source;
        try {
            source = file.map(SamlMetadataSource::file).or(() -> url.map(u -> SamlMetadataSource.url(URI.create(u))))
                    .orElseGet(() -> SamlMetadataSource.string(inline.orElseThrow()));
            if (registry) {
                source.outboundPolicy(registryPolicy);
            } else if (saml.get("allowInsecureHttp").bool(false)) {
                source.allowInsecureHttp();
            }
            if (signer.isPresent()) {
                source.signedBy(certificate(signer.get()));
            }
            saml.get("entityId").text().ifPresent(source::entityId);
            source.configure(idp -> idp.emailsVerified(emailsVerified).unsolicitedResponsesAllowed(idpInitiated)
                    .groupAttributes(groups.toArray(String[]::new)));
            // A file or inline metadata is read now, and stops the start when not usable; a URL is read
            // on the first login through it, so that an IdP that does not answer stops nothing.
            SamlMetadataResolver.Builder resolverBuilder = SamlMetadataResolver.builder().source(source.build())
                    .refreshListener(listener);
            if (http != null) {
                resolverBuilder.httpClient(http);
            }
            SamlMetadataResolver resolver = resolverBuilder.build();
            String entityId = resolver.entityIds().stream().findFirst().orElseThrow();
            resolvers.add(resolver);
            remote.add(url.isPresent());
            places.add(saml);
            return Optional.of(entityId);
        } catch (IllegalArgumentException | IOException e) {
            saml.problem(null, e.getMessage());
            return Optional.empty();
        }
    }

    boolean used() {
        return !resolvers.isEmpty();
    }

    /** The one IdP a registry document describes, once {@link #identityProvider} read it. */
    SamlMetadataResolver only() {
        return resolvers.get(0);
    }

    /** The service provider, its verifier and its single logout, once every IdP is read. */
    SamlParts build(ConfigNode sp, String baseUrl, JitStores stores) {
        SamlServiceProvider serviceProvider = serviceProvider(sp, baseUrl);
        for (int i = 0; i < resolvers.size(); i++) {
            if (remote.get(i)) {
                continue; // read on first use: a login start it cannot serve is refused then, idp_not_usable
            }
            for (String entityId : resolvers.get(i).entityIds()) {
                boolean wantsSigned = resolvers.get(i).find(entityId).map(SamlIdentityProvider::wantAuthnRequestsSigned)
                        .orElse(false);
                if (wantsSigned && serviceProvider.signingCredential().isEmpty()) {
                    places.get(i).problem(null, "the IdP's metadata asks for signed AuthnRequests: give saml.signingKey");
                }
            }
        }
        return parts(serviceProvider, new AllOf(List.copyOf(resolvers)), stores);
    }

    /** The service provider of the {@code saml} section, its verifier and single logout, over {@code idps}. */
    static SamlParts build(ConfigNode sp, String baseUrl, JitStores stores, SamlIdentityProviders idps) {
        return parts(serviceProvider(sp, baseUrl), idps, stores);
    }

    private static SamlParts parts(SamlServiceProvider serviceProvider, SamlIdentityProviders idps, JitStores stores) {
        SamlVerifier verifier = SamlVerifier.builder().serviceProvider(serviceProvider).identityProviders(idps)
                .stores(stores).build();
        SamlSingleLogout logout = SamlSingleLogout.builder().serviceProvider(serviceProvider).identityProviders(idps)
                .stores(stores).build();
        return new SamlParts(serviceProvider, idps, verifier, logout);
    }

    private static SamlServiceProvider serviceProvider(ConfigNode sp, String baseUrl) {
        sp.allowOnly("entityId", "signingKey", "decryptionKeys");
        SamlServiceProvider.Builder builder = SamlServiceProvider.withEntityId(sp.get("entityId").text()
                        .orElse(baseUrl + "/saml"))
                .acsUrl(baseUrl + "/saml/acs").sloUrl(baseUrl + "/saml/slo");
        credential(sp.get("signingKey")).ifPresent(builder::signingCredential);
        for (ConfigNode key : sp.get("decryptionKeys").list()) {
            credential(key).ifPresent(builder::decryptionCredential);
        }
        return builder.build();
    }

    record SamlParts(SamlServiceProvider serviceProvider, SamlIdentityProviders identityProviders, SamlVerifier verifier,
            SamlSingleLogout singleLogout) { }

    /** The IdPs of every resolver, each asked in turn. */
    private record AllOf(List<SamlMetadataResolver> resolvers) implements SamlIdentityProviders {
        @Override
        public Optional<SamlIdentityProvider> find(String entityId) {
            return resolvers.stream().map(r -> r.find(entityId)).flatMap(Optional::stream).findFirst();
        }

        @Override
        public Optional<SamlIdentityProvider> refreshKeys(String entityId) {
            return resolvers.stream().filter(r -> r.entityIds().contains(entityId)).findFirst()
                    .flatMap(r -> r.refreshKeys(entityId));
        }
    }

    private static Optional<SamlCredential> credential(ConfigNode key) {
        if (!key.present()) {
            return Optional.empty();
        }
        key.allowOnly("keyFile", "certificateFile");
        Optional<Path> keyFile = key.get("keyFile").file();
        Optional<Path> certificateFile = key.get("certificateFile").file();
        if (keyFile.isEmpty() || certificateFile.isEmpty()) {
            key.problem(null, "needs keyFile and certificateFile");
            return Optional.empty();
        }
        try {
            return Optional.of(SamlCredential.fromPem(Files.readString(keyFile.get()), Files.readString(certificateFile.get())));
        } catch (IOException | IllegalArgumentException e) {
            key.problem(null, "cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static X509Certificate certificate(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("signedBy: [" + file + "] is not a certificate", e);
        }
    }
}
