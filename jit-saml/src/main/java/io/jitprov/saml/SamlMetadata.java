package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.saml.internal.OpenSaml;
import io.jitprov.saml.internal.Pem;
import io.jitprov.saml.internal.SecureXml;
import io.jitprov.saml.internal.SignatureCheck;
import io.jitprov.saml.internal.SignaturePolicy;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.common.CacheableSAMLObject;
import org.opensaml.saml.saml2.common.TimeBoundSAMLObject;
import org.opensaml.saml.saml2.metadata.Endpoint;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.signature.X509Data;
import org.w3c.dom.Element;

/**
 * Reads SAML 2.0 metadata (SAML metadata spec, section 2.4.3 IDPSSODescriptor) into an
 * {@link SamlIdentityProvider} builder, so what we decide about the IdP can be added before
 * {@code build()}.
 *
 * @since 0.1
 */
public final class SamlMetadata {

    private SamlMetadata() {
    }

    /**
     * Reads the one IdP an {@code EntityDescriptor} describes.
     *
     * @throws IllegalArgumentException when the XML is not metadata of a SAML 2.0 IdP with a
     *     signing certificate
     */
    public static SamlIdentityProvider.Builder parseIdentityProvider(String metadataXml) {
        return parseIdentityProvider(metadataXml, null);
    }

    /**
     * Reads the IdP {@code entityId} from metadata that may describe several entities (an
     * {@code EntitiesDescriptor}); with {@code entityId} null, the metadata must describe exactly one.
     */
    public static SamlIdentityProvider.Builder parseIdentityProvider(String metadataXml, @Nullable String entityId) {
        return parse(metadataXml, entityId, List.of()).identityProvider();
    }

    /** What one read of metadata yields: the IdP, and when the metadata says to read it again. */
    record Parsed(SamlIdentityProvider.Builder identityProvider, @Nullable Instant validUntil,
            @Nullable Duration cacheDuration) { }

    /**
     * Reads the IdP {@code entityId} (or the only one), first checking the metadata's own
     * signature against {@code metadataSigners} when any are given.
     */
    static Parsed parse(String metadataXml, @Nullable String entityId, List<X509Certificate> metadataSigners) {
        XMLObject root = unmarshal(metadataXml);
        if (!metadataSigners.isEmpty()) {
            requireSignedBy(root, metadataSigners);
        }
        EntityDescriptor entity = select(root, entityId);
        IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);
        if (idp == null) {
            throw new IllegalArgumentException("Metadata of [" + entity.getEntityID()
                    + "] has no IDPSSODescriptor supporting SAML 2.0");
        }
        SamlIdentityProvider.Builder builder = new SamlIdentityProvider.Builder(entity.getEntityID());
        signingCertificates(idp, entity.getEntityID()).forEach(builder::signingCertificate);
        builder.ssoRedirectUrl(location(idp.getSingleSignOnServices(), SAMLConstants.SAML2_REDIRECT_BINDING_URI).orElse(null));
        builder.ssoPostUrl(location(idp.getSingleSignOnServices(), SAMLConstants.SAML2_POST_BINDING_URI).orElse(null));
        builder.sloRedirectUrl(location(idp.getSingleLogoutServices(), SAMLConstants.SAML2_REDIRECT_BINDING_URI).orElse(null));
        builder.sloPostUrl(location(idp.getSingleLogoutServices(), SAMLConstants.SAML2_POST_BINDING_URI).orElse(null));
        builder.wantAuthnRequestsSigned(Boolean.TRUE.equals(idp.getWantAuthnRequestsSigned()));
        return new Parsed(builder, earliest(validUntil(root), entity.getValidUntil()),
                shortest(cacheDuration(root), entity.getCacheDuration()));
    }

    private static void requireSignedBy(XMLObject root, List<X509Certificate> signers) {
        if (!(root instanceof SignableSAMLObject signable) || !signable.isSigned()) {
            throw new IllegalArgumentException("Metadata is not signed, and a metadata signing key is configured");
        }
        boolean verified;
        try {
            verified = new SignatureCheck(SignaturePolicy.DEFAULT).verify(signable, signers, "metadata");
        } catch (JitAuthenticationException e) {
            throw new IllegalArgumentException("Metadata signature refused: " + e.error().description(), e);
        }
        if (!verified) {
            throw new IllegalArgumentException("Metadata signature does not verify with the configured metadata signing key");
        }
    }

    private static @Nullable Instant validUntil(XMLObject root) {
        return root instanceof TimeBoundSAMLObject bound ? bound.getValidUntil() : null;
    }

    private static @Nullable Duration cacheDuration(XMLObject root) {
        return root instanceof CacheableSAMLObject cacheable ? cacheable.getCacheDuration() : null;
    }

    private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static @Nullable Duration shortest(@Nullable Duration a, @Nullable Duration b) {
        return a == null ? b : b == null ? a : a.compareTo(b) < 0 ? a : b;
    }

    /**
     * This service provider's metadata, for the IdP administrator: entityID, the ACS (HTTP-POST),
     * single logout when configured, the signing certificate and the encryption certificates.
     */
    public static String forServiceProvider(SamlServiceProvider serviceProvider) {
        return ServiceProviderMetadata.xml(serviceProvider);
    }

    static XMLObject unmarshal(String metadataXml) {
        OpenSaml.ensureInitialized();
        Element root;
        try {
            root = SecureXml.parse(metadataXml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        } catch (JitAuthenticationException e) {
            throw new IllegalArgumentException("Metadata is not acceptable XML: " + e.error().description(), e);
        }
        Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root);
        if (unmarshaller == null) {
            throw new IllegalArgumentException("Metadata root element [" + root.getLocalName() + "] is not SAML metadata");
        }
        try {
            return unmarshaller.unmarshall(root);
        } catch (UnmarshallingException e) {
            throw new IllegalArgumentException("Metadata cannot be read: " + e.getMessage(), e);
        }
    }

    private static EntityDescriptor select(XMLObject root, @Nullable String entityId) {
        List<EntityDescriptor> entities = new ArrayList<>();
        collect(root, entities);
        List<EntityDescriptor> matching = entities.stream()
                .filter(e -> entityId == null || entityId.equals(e.getEntityID())).toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException(entityId == null
                    ? "Metadata describes " + entities.size() + " entities; name the one to use"
                    : "Metadata describes no entity [" + entityId + "]");
        }
        return matching.get(0);
    }

    private static void collect(XMLObject object, List<EntityDescriptor> into) {
        if (object instanceof EntityDescriptor entity) {
            into.add(entity);
        } else if (object instanceof EntitiesDescriptor group) {
            into.addAll(group.getEntityDescriptors());
            group.getEntitiesDescriptors().forEach(child -> collect(child, into));
        } else {
            throw new IllegalArgumentException("Metadata root is neither EntityDescriptor nor EntitiesDescriptor");
        }
    }

    private static List<X509Certificate> signingCertificates(IDPSSODescriptor idp, String entityId) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (KeyDescriptor key : idp.getKeyDescriptors()) {
            UsageType use = key.getUse();
            if (use != null && use != UsageType.SIGNING && use != UsageType.UNSPECIFIED) {
                continue;
            }
            if (key.getKeyInfo() == null) {
                continue;
            }
            for (X509Data data : key.getKeyInfo().getX509Datas()) {
                for (org.opensaml.xmlsec.signature.X509Certificate cert : data.getX509Certificates()) {
                    try {
                        certificates.add(Pem.certificate(String.valueOf(cert.getValue())));
                    } catch (CertificateException e) {
                        throw new IllegalArgumentException("A signing certificate in the metadata of [" + entityId
                                + "] cannot be read", e);
                    }
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("Metadata of [" + entityId + "] has no signing certificate");
        }
        return certificates;
    }

    private static Optional<String> location(List<? extends Endpoint> endpoints, String binding) {
        return endpoints.stream().filter(e -> binding.equals(e.getBinding())).map(Endpoint::getLocation).findFirst();
    }
}
