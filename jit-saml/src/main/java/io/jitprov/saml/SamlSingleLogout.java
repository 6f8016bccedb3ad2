package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.LogoutEvent;
import io.jitprov.core.Refusal;
import io.jitprov.core.ReplayCache;
import io.jitprov.core.internal.Durations;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.saml.internal.AssertionDecrypter;
import io.jitprov.saml.internal.DocumentShape;
import io.jitprov.saml.internal.OpenSaml;
import io.jitprov.saml.internal.RedirectQuery;
import io.jitprov.saml.internal.SecureXml;
import io.jitprov.saml.internal.SignatureCheck;
import io.jitprov.saml.internal.SignatureElements;
import io.jitprov.saml.internal.SignaturePolicy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * IdP-initiated single logout (SAML profiles 4.4): verifies a signed LogoutRequest, from the
 * HTTP-POST or HTTP-Redirect binding, into a {@link LogoutEvent}, and builds the LogoutResponse.
 * Unsigned logout requests are refused: anyone could otherwise log anyone out.
 *
 * @since 0.1
 */
public final class SamlSingleLogout {

    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final SamlServiceProvider serviceProvider;
    private final String sloUrl;
    private final SamlIdentityProviders identityProviders;
    private final ReplayCache replayCache;
    private final Clock clock;
    private final Duration clockSkew;
    private final Duration maxAge;
    private final SignatureCheck signatures = new SignatureCheck(SignaturePolicy.DEFAULT);
    private final AssertionDecrypter decrypter;
    private final SecureRandom random = new SecureRandom();

    private SamlSingleLogout(Builder b) {
        OpenSaml.ensureInitialized();
        this.serviceProvider = Objects.requireNonNull(b.serviceProvider, "serviceProvider cannot be null");
        this.sloUrl = serviceProvider.sloUrl().orElseThrow(() ->
                new IllegalArgumentException("The service provider has no sloUrl, so it offers no single logout"));
        this.identityProviders = Objects.requireNonNull(b.identityProviders, "identityProviders cannot be null");
        this.clock = b.clock;
        this.replayCache = b.replayCache != null ? b.replayCache
                : new InMemoryReplayCache(b.clock, InMemoryReplayCache.DEFAULT_MAX_ENTRIES);
        this.clockSkew = b.clockSkew;
        this.maxAge = b.maxAge;
        this.decrypter = new AssertionDecrypter(serviceProvider.decryptionKeys(), SignaturePolicy.DEFAULT);
    }

    /** Starts single logout; the service provider (with an sloUrl) and the IdPs are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The replay cache this {@link SamlSingleLogout} remembers used messages in. */
    public ReplayCache replayCache() {
        return replayCache;
    }

    /**
     * Verifies a LogoutRequest posted in the {@code SAMLRequest} form field (HTTP-POST binding,
     * Bindings §3.5), signed with an enveloped XML signature: SAML 2.0 Core §3.7.1, with Issuer,
     * Destination, IssueInstant, NotOnOrAfter and a request ID not seen before.
     *
     * @throws JitAuthenticationException with every problem found
     */
    public SamlLogoutRequest verifyPost(String samlRequest, @Nullable String relayState) {
        return refusingUnforeseen(() -> {
            byte[] xml = SamlMessages.decodeBase64(samlRequest, MAX_MESSAGE_BYTES);
            if (SamlMessages.isDeflatedXml(xml)) {
                throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                        "The LogoutRequest is DEFLATE-compressed: the HTTP-POST binding sends it uncompressed");
            }
            LogoutRequest request = parse(xml);
            SamlIdentityProvider idp = identityProvider(request);
            if (!request.isSigned()) {
                throw new JitAuthenticationException(JitErrorCodes.SIGNATURE_MISSING, "The LogoutRequest is not signed");
            }
            if (!signatures.verify(request, idp.signingCertificates(), "LogoutRequest")) {
                throw invalidSignature(idp);
            }
            return accept(request, idp, relayState);
        });
    }

    /**
     * Verifies a LogoutRequest in a query string (HTTP-Redirect binding), signed over the query
     * (bindings 3.4.4.1).
     *
     * @param rawQuery the query string exactly as received, still URL-encoded
     * @throws JitAuthenticationException with every problem found
     */
    public SamlLogoutRequest verifyRedirect(String rawQuery) {
        return refusingUnforeseen(() -> {
            RedirectQuery query = RedirectQuery.parse(rawQuery, "SAMLRequest");
            byte[] deflated = SamlMessages.decodeBase64(query.message(), MAX_MESSAGE_BYTES);
            LogoutRequest request = parse(SamlMessages.inflate(deflated, MAX_MESSAGE_BYTES));
            SamlIdentityProvider idp = identityProvider(request);
            query.verify(idp.signingCertificates(), SignaturePolicy.DEFAULT, "LogoutRequest of [" + idp.entityId() + "]");
            return accept(request, idp, query.relayState());
        });
    }

    /**
     * A LogoutResponse with status Success, to send the browser back to the IdP with (Redirect
     * binding), signed over the query string when the SP has a key.
     *
     * @throws IllegalStateException when the IdP has no HTTP-Redirect SingleLogoutService
     */
    public String responseRedirectUrl(SamlLogoutRequest answered) {
        SamlIdentityProvider idp = identityProvider(answered);
        String destination = idp.sloRedirectUrl().orElseThrow(() -> new IllegalStateException(
                "Identity provider [" + idp.entityId() + "] has no HTTP-Redirect SingleLogoutService"));
        LogoutResponse response = success(answered, destination);
        String xml = SerializeSupport.nodeToString(SamlMessages.marshall(response));
        StringBuilder query = new StringBuilder("SAMLResponse=")
                .append(SamlMessages.urlEncode(SamlMessages.deflateBase64(xml)));
        answered.relayStateValue().ifPresent(state -> query.append("&RelayState=").append(SamlMessages.urlEncode(state)));
        serviceProvider.signingCredential().ifPresent(signer -> {
            String algorithm = SamlSigning.signatureAlgorithm(signer.privateKey());
            query.append("&SigAlg=").append(SamlMessages.urlEncode(algorithm));
            byte[] signature = SamlMessages.signQuery(signer, algorithm, query.toString());
            query.append("&Signature=").append(SamlMessages.urlEncode(Base64.getEncoder().encodeToString(signature)));
        });
        return destination + (destination.contains("?") ? "&" : "?") + query;
    }

    /**
     * The same LogoutResponse for an IdP that takes it by HTTP-POST only: a page that posts it,
     * signed inside the XML when the SP has a key (bindings 3.5).
     *
     * @throws IllegalStateException when the IdP has no HTTP-POST SingleLogoutService
     */
    public String responsePostPage(SamlLogoutRequest answered) {
        SamlIdentityProvider idp = identityProvider(answered);
        String destination = idp.sloPostUrl().orElseThrow(() -> new IllegalStateException(
                "Identity provider [" + idp.entityId() + "] has no HTTP-POST SingleLogoutService"));
        LogoutResponse response = success(answered, destination);
        @Nullable Signature signature = serviceProvider.signingCredential()
                .map(signer -> SamlSigning.prepare(response, signer)).orElse(null);
        Element element = SamlMessages.marshall(response);
        if (signature != null) {
            try {
                Signer.signObject(signature);
            } catch (SignatureException e) {
                throw new IllegalStateException("The LogoutResponse could not be signed", e);
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("SAMLResponse", Base64.getEncoder().encodeToString(
                SerializeSupport.nodeToString(element).getBytes(StandardCharsets.UTF_8)));
        answered.relayStateValue().ifPresent(state -> fields.put("RelayState", state));
        return SamlPostForm.html(destination, fields, "Signing out");
    }

    private SamlIdentityProvider identityProvider(SamlLogoutRequest answered) {
        return identityProviders.find(answered.event().issuer()).orElseThrow(() ->
                new IllegalStateException("Identity provider [" + answered.event().issuer() + "] is not configured"));
    }

    private LogoutResponse success(SamlLogoutRequest answered, String destination) {
        LogoutResponse response = (LogoutResponse) XMLObjectSupport.buildXMLObject(LogoutResponse.DEFAULT_ELEMENT_NAME);
        response.setID(SamlMessages.newId(random));
        response.setVersion(SAMLVersion.VERSION_20);
        response.setIssueInstant(clock.instant());
        response.setDestination(destination);
        response.setInResponseTo(answered.requestId());
        Issuer issuer = (Issuer) XMLObjectSupport.buildXMLObject(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(serviceProvider.entityId());
        response.setIssuer(issuer);
        Status status = (Status) XMLObjectSupport.buildXMLObject(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = (StatusCode) XMLObjectSupport.buildXMLObject(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(StatusCode.SUCCESS);
        status.setStatusCode(code);
        response.setStatus(status);
        return response;
    }

    private LogoutRequest parse(byte[] xml) {
        Element root = SecureXml.parse(xml).getDocumentElement();
        if (!SAMLConstants.SAML20P_NS.equals(root.getNamespaceURI()) || !"LogoutRequest".equals(root.getLocalName())) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The message is a "
                    + JitError.quote(root.getLocalName()) + ", not a SAML 2.0 LogoutRequest");
        }
        DocumentShape.checkMessage(root);
        SignatureElements.check(root, Map.of(root, "LogoutRequest"), signatures.policy());
        XMLObject object = OpenSaml.unmarshal(root);
        if (!(object instanceof LogoutRequest request)) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The message is not a LogoutRequest");
        }
        return request;
    }

    private SamlIdentityProvider identityProvider(LogoutRequest request) {
        String issuer = request.getIssuer() == null ? null : request.getIssuer().getValue();
        if (issuer == null) {
            throw new JitAuthenticationException(JitErrorCodes.UNKNOWN_ISSUER, "The LogoutRequest names no issuer");
        }
        return identityProviders.find(issuer).orElseThrow(() -> new JitAuthenticationException(
                JitErrorCodes.UNKNOWN_ISSUER, "Issuer " + JitError.quote(issuer) + " is not a configured identity provider"));
    }

    private SamlLogoutRequest accept(LogoutRequest request, SamlIdentityProvider idp, @Nullable String relayState) {
        Instant now = clock.instant();
        List<JitError> errors = new ArrayList<>();
        if (request.getDestination() != null && !sloUrl.equals(request.getDestination())) {
            errors.add(new JitError(JitErrorCodes.DESTINATION_MISMATCH, "LogoutRequest Destination "
                    + JitError.quote(request.getDestination()) + " is not [" + sloUrl + "]"));
        }
        Instant issued = request.getIssueInstant();
        if (issued == null || issued.isAfter(now.plus(clockSkew))) {
            errors.add(new JitError(JitErrorCodes.ASSERTION_NOT_YET_VALID, "LogoutRequest IssueInstant [" + issued
                    + "] is missing or in the future of [" + now + "]"));
        } else if (!now.isBefore(issued.plus(maxAge).plus(clockSkew))) {
            errors.add(new JitError(JitErrorCodes.ASSERTION_EXPIRED, "LogoutRequest was issued at [" + issued
                    + "], more than [" + maxAge + "] ago"));
        }
        if (request.getNotOnOrAfter() != null && !now.isBefore(request.getNotOnOrAfter().plus(clockSkew))) {
            errors.add(new JitError(JitErrorCodes.ASSERTION_EXPIRED, "LogoutRequest expired at ["
                    + request.getNotOnOrAfter() + "]"));
        }
        if (!errors.isEmpty()) {
            throw new JitAuthenticationException(new Refusal(errors));
        }
        String subject = subject(request);
        List<String> sessions = request.getSessionIndexes().stream().map(SessionIndex::getValue)
                .filter(Objects::nonNull).toList();
        if (request.getID() == null || !replayCache.firstUse("saml-logout|" + idp.entityId() + "|" + request.getID(),
                issued.plus(maxAge).plus(clockSkew).plus(clockSkew))) {
            throw new JitAuthenticationException(JitErrorCodes.REPLAYED, "LogoutRequest "
                    + JitError.quote(request.getID()) + " was already used");
        }
        return new SamlLogoutRequest(new LogoutEvent(idp.entityId(), subject, sessions, issued), request.getID(),
                relayState);
    }

    private String subject(LogoutRequest request) {
        NameID nameId = request.getNameID();
        if (nameId == null && request.getEncryptedID() != null) {
            nameId = decrypter.decrypt(request.getEncryptedID());
        }
        if (nameId == null || nameId.getDOM() == null || nameId.getDOM().getTextContent().isBlank()) {
            throw new JitAuthenticationException(JitErrorCodes.SUBJECT_INVALID, "The LogoutRequest names no NameID");
        }
        return nameId.getDOM().getTextContent();
    }

    private static JitAuthenticationException invalidSignature(SamlIdentityProvider idp) {
        return new JitAuthenticationException(JitErrorCodes.INVALID_SIGNATURE,
                "The LogoutRequest's signature does not verify with any signing key of [" + idp.entityId() + "]");
    }

    private static SamlLogoutRequest refusingUnforeseen(Supplier<SamlLogoutRequest> verification) {
        try {
            return verification.get();
        } catch (JitAuthenticationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                    "The LogoutRequest could not be processed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Configures {@link SamlSingleLogout}; the SP (with an sloUrl) and the IdPs are required. */
    public static final class Builder {

        private @Nullable SamlServiceProvider serviceProvider;
        private @Nullable SamlIdentityProviders identityProviders;
        private @Nullable ReplayCache replayCache;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration maxAge = Duration.ofMinutes(5);

        private Builder() {
        }

        /** This SP; it must have an sloUrl. */
        public Builder serviceProvider(SamlServiceProvider serviceProvider) {
            this.serviceProvider = Objects.requireNonNull(serviceProvider, "serviceProvider cannot be null");
            return this;
        }

        /** The IdPs whose LogoutRequests are accepted. */
        public Builder identityProviders(SamlIdentityProviders identityProviders) {
            this.identityProviders = Objects.requireNonNull(identityProviders, "identityProviders cannot be null");
            return this;
        }

        /**
         * The replay cache and the clock of {@code stores}, the value every component of one
         * application shares.
         */
        public Builder stores(JitStores stores) {
            return replayCache(stores.replayCache()).clock(stores.clock());
        }

        /** Where used LogoutRequest IDs are kept; in memory by default, JDBC for several nodes. */
        public Builder replayCache(ReplayCache replayCache) {
            this.replayCache = Objects.requireNonNull(replayCache, "replayCache cannot be null");
            return this;
        }

        /** The clock freshness is checked with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Tolerated clock difference with the IdP; 60 seconds by default; never negative (as for {@link SamlVerifier}). */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Durations.notNegative("clockSkew", clockSkew);
            return this;
        }

        /** How long after its IssueInstant a LogoutRequest is accepted; 5 minutes by default. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge cannot be null");
            return this;
        }

        /** Single logout; refuses a service provider without an sloUrl. */
        public SamlSingleLogout build() {
            return new SamlSingleLogout(this);
        }
    }
}
