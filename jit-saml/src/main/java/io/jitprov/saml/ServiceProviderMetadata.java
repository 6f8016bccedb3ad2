package io.jitprov.saml;

import io.jitprov.saml.internal.OpenSaml;
import io.jitprov.saml.internal.Pem;
import java.security.cert.X509Certificate;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EncryptionMethod;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.saml.saml2.metadata.SingleLogoutService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.X509Data;

/** Writes this SP's metadata (SAML metadata 2.4.4 SPSSODescriptor). */
final class ServiceProviderMetadata {

    private ServiceProviderMetadata() {
    }

    static String xml(SamlServiceProvider sp) {
        OpenSaml.ensureInitialized();
        EntityDescriptor entity = build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
        entity.setEntityID(sp.entityId());
        SPSSODescriptor descriptor = build(SPSSODescriptor.DEFAULT_ELEMENT_NAME);
        descriptor.addSupportedProtocol(SAMLConstants.SAML20P_NS);
        descriptor.setAuthnRequestsSigned(sp.signingCredential().isPresent());
        descriptor.setWantAssertionsSigned(true);
        sp.signingCredential().ifPresent(c -> descriptor.getKeyDescriptors().add(key(c.certificate(), UsageType.SIGNING)));
        for (X509Certificate certificate : sp.encryptionCertificates()) {
            KeyDescriptor key = key(certificate, UsageType.ENCRYPTION);
            for (String algorithm : new String[] {EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM,
                    EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM, EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP}) {
                EncryptionMethod method = build(EncryptionMethod.DEFAULT_ELEMENT_NAME);
                method.setAlgorithm(algorithm);
                key.getEncryptionMethods().add(method);
            }
            descriptor.getKeyDescriptors().add(key);
        }
        sp.sloUrl().ifPresent(url -> {
            for (String binding : new String[] {SAMLConstants.SAML2_REDIRECT_BINDING_URI, SAMLConstants.SAML2_POST_BINDING_URI}) {
                SingleLogoutService slo = build(SingleLogoutService.DEFAULT_ELEMENT_NAME);
                slo.setBinding(binding);
                slo.setLocation(url);
                descriptor.getSingleLogoutServices().add(slo);
            }
        });
        AssertionConsumerService acs = build(AssertionConsumerService.DEFAULT_ELEMENT_NAME);
        acs.setBinding(SAMLConstants.SAML2_POST_BINDING_URI);
        acs.setLocation(sp.acsUrl());
        acs.setIndex(0);
        acs.setIsDefault(true);
        descriptor.getAssertionConsumerServices().add(acs);
        entity.getRoleDescriptors().add(descriptor);
        return SerializeSupport.prettyPrintXML(SamlMessages.marshall(entity));
    }

    private static KeyDescriptor key(X509Certificate certificate, UsageType use) {
        KeyDescriptor key = build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
        key.setUse(use);
        KeyInfo keyInfo = build(KeyInfo.DEFAULT_ELEMENT_NAME);
        X509Data data = build(X509Data.DEFAULT_ELEMENT_NAME);
        org.opensaml.xmlsec.signature.X509Certificate cert = build(org.opensaml.xmlsec.signature.X509Certificate.DEFAULT_ELEMENT_NAME);
        cert.setValue(Pem.encode(certificate));
        data.getX509Certificates().add(cert);
        keyInfo.getX509Datas().add(data);
        key.setKeyInfo(keyInfo);
        return key;
    }

    @SuppressWarnings("unchecked")
    private static <T> T build(javax.xml.namespace.QName name) {
        return (T) XMLObjectSupport.buildXMLObject(name);
    }
}
