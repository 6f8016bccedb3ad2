package io.jitprov.saml;

import io.jitprov.saml.internal.OpenSaml;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnContextComparisonTypeEnumeration;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDPolicy;
import org.opensaml.saml.saml2.core.RequestedAuthnContext;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * Builds AuthnRequests (SAML core 3.4.1) for the HTTP-Redirect (bindings 3.4) and HTTP-POST
 * (bindings 3.5) bindings. Requests are signed when the SP has a signing key, and must be when
 * the IdP's metadata says {@code WantAuthnRequestsSigned}. Each carries a fresh random ID, which
 * {@link PendingAuthnRequest} holds for the response's InResponseTo.
 *
 * @since 0.1
 */
public final class SamlAuthnRequests {

    private final SamlServiceProvider serviceProvider;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private SamlAuthnRequests(SamlServiceProvider serviceProvider, Clock clock) {
        OpenSaml.ensureInitialized();
        this.serviceProvider = serviceProvider;
        this.clock = clock;
    }

    /** AuthnRequests from {@code serviceProvider}, issued on the system clock. */
    public static SamlAuthnRequests of(SamlServiceProvider serviceProvider) {
        return of(serviceProvider, Clock.systemUTC());
    }

    /** AuthnRequests from {@code serviceProvider}, issued on {@code clock}. */
    public static SamlAuthnRequests of(SamlServiceProvider serviceProvider, Clock clock) {
        return new SamlAuthnRequests(Objects.requireNonNull(serviceProvider, "serviceProvider cannot be null"),
                Objects.requireNonNull(clock, "clock cannot be null"));
    }

    /**
     * An AuthnRequest for the HTTP-Redirect binding: deflated, base64, in the query string, with
     * the signature over the query string (bindings 3.4.4.1) rather than inside the XML.
     *
     * @throws IllegalStateException when the IdP has no Redirect SSO endpoint, or wants signed
     *     requests and the SP has no signing key
     */
    public SamlRedirect redirect(SamlIdentityProvider idp, AuthnRequestOptions options) {
        String destination = webAddress(idp, idp.ssoRedirectUrl().orElseThrow(() -> new IllegalStateException(
                "Identity provider [" + idp.entityId() + "] has no HTTP-Redirect SingleSignOnService")));
        AuthnRequest request = build(idp, destination, options);
        String xml = SerializeSupport.nodeToString(SamlMessages.marshall(request));
        StringBuilder query = new StringBuilder("SAMLRequest=").append(SamlMessages.urlEncode(SamlMessages.deflateBase64(xml)));
        options.relayState().ifPresent(state -> query.append("&RelayState=").append(SamlMessages.urlEncode(state)));
        SamlCredential signer = signerFor(idp);
        if (signer != null) {
            String algorithm = SamlSigning.signatureAlgorithm(signer.privateKey());
            query.append("&SigAlg=").append(SamlMessages.urlEncode(algorithm));
            byte[] signature = SamlMessages.signQuery(signer, algorithm, query.toString());
            query.append("&Signature=").append(SamlMessages.urlEncode(Base64.getEncoder().encodeToString(signature)));
        }
        String url = destination + (destination.contains("?") ? "&" : "?") + query;
        return new SamlRedirect(new PendingAuthnRequest(request.getID(), idp.entityId()), url);
    }

    /**
     * An AuthnRequest for the HTTP-POST binding: base64 XML in a form field, with an enveloped
     * XML signature when signed.
     *
     * @throws IllegalStateException when the IdP has no POST SSO endpoint, or wants signed
     *     requests and the SP has no signing key
     */
    public SamlPostForm post(SamlIdentityProvider idp, AuthnRequestOptions options) {
        String destination = webAddress(idp, idp.ssoPostUrl().orElseThrow(() -> new IllegalStateException(
                "Identity provider [" + idp.entityId() + "] has no HTTP-POST SingleSignOnService")));
        AuthnRequest request = build(idp, destination, options);
        SamlCredential signer = signerFor(idp);
        @Nullable Signature signature = signer == null ? null : SamlSigning.prepare(request, signer);
        Element element = SamlMessages.marshall(request);
        if (signature != null) {
            try {
                Signer.signObject(signature);
            } catch (SignatureException e) {
                throw new IllegalStateException("The AuthnRequest could not be signed", e);
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("SAMLRequest", Base64.getEncoder().encodeToString(
                SerializeSupport.nodeToString(element).getBytes(StandardCharsets.UTF_8)));
        options.relayState().ifPresent(state -> fields.put("RelayState", state));
        return new SamlPostForm(new PendingAuthnRequest(request.getID(), idp.entityId()), destination, fields);
    }

    /**
     * The browser is sent to whatever address the metadata names, on this site's behalf: only an
     * http(s) one, never {@code javascript:} or {@code data:} in a form's action or a redirect.
     */
    private static String webAddress(SamlIdentityProvider idp, String url) {
        String scheme = url.length() > 8 ? url.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : "";
        if (!scheme.startsWith("https://") && !scheme.startsWith("http://")) {
            throw new IllegalStateException("Identity provider [" + idp.entityId() + "] names a sign-in address that"
                    + " is not an http(s) URL");
        }
        return url;
    }

    private AuthnRequest build(SamlIdentityProvider idp, String destination, AuthnRequestOptions options) {
        AuthnRequest request = (AuthnRequest) XMLObjectSupport.buildXMLObject(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(SamlMessages.newId(random));
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(clock.instant());
        request.setDestination(destination);
        request.setAssertionConsumerServiceURL(serviceProvider.acsUrl());
        request.setProtocolBinding(SAMLConstants.SAML2_POST_BINDING_URI);
        Issuer issuer = (Issuer) XMLObjectSupport.buildXMLObject(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(serviceProvider.entityId());
        request.setIssuer(issuer);
        NameIDPolicy policy = (NameIDPolicy) XMLObjectSupport.buildXMLObject(NameIDPolicy.DEFAULT_ELEMENT_NAME);
        policy.setAllowCreate(true);
        request.setNameIDPolicy(policy);
        if (options.forceAuthn()) {
            request.setForceAuthn(true);
        }
        if (options.passive()) {
            request.setIsPassive(true);
        }
        if (!options.authnContextClasses().isEmpty()) {
            request.setRequestedAuthnContext(requestedContext(options));
        }
        return request;
    }

    private static RequestedAuthnContext requestedContext(AuthnRequestOptions options) {
        RequestedAuthnContext context = (RequestedAuthnContext) XMLObjectSupport
                .buildXMLObject(RequestedAuthnContext.DEFAULT_ELEMENT_NAME);
        context.setComparison(AuthnContextComparisonTypeEnumeration.valueOf(options.comparison().name()));
        for (String uri : options.authnContextClasses()) {
            AuthnContextClassRef ref = (AuthnContextClassRef) XMLObjectSupport
                    .buildXMLObject(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
            ref.setURI(uri);
            context.getAuthnContextClassRefs().add(ref);
        }
        return context;
    }

    private @Nullable SamlCredential signerFor(SamlIdentityProvider idp) {
        SamlCredential signer = serviceProvider.signingCredential().orElse(null);
        if (signer == null && idp.wantAuthnRequestsSigned()) {
            throw new IllegalStateException("Identity provider [" + idp.entityId()
                    + "] wants signed AuthnRequests, and the service provider has no signing key");
        }
        return signer;
    }

}
