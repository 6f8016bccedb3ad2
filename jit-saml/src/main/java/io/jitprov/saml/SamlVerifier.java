package io.jitprov.saml;

import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.Refusal;
import io.jitprov.core.ReplayCache;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.internal.Durations;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.saml.internal.AssertionDecrypter;
import io.jitprov.saml.internal.DocumentShape;
import io.jitprov.saml.internal.OpenSaml;
import io.jitprov.saml.internal.SecureXml;
import io.jitprov.saml.internal.SignatureCheck;
import io.jitprov.saml.internal.SignatureElements;
import io.jitprov.saml.internal.SignaturePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.w3c.dom.Element;

/**
 * Turns a POSTed {@code SAMLResponse} (SAML 2.0 Web Browser SSO, HTTP-POST binding) into a
 * {@link VerifiedIdentity}, or refuses it with a {@link JitAuthenticationException} whose code
 * says why. Thread-safe; build one per service provider and share it.
 *
 * <p>In order, and stopping at the first that fails: size, base64, hardened XML parse (no
 * DOCTYPE), the IdP's status (an error response is reported as such), document shape (unique IDs,
 * exactly one assertion, where it belongs), every signature's elements (SAML profile, algorithms),
 * the IdP by issuer, every signature present (a metadata key, never KeyInfo), decryption, a
 * signature covering the assertion; then every response and assertion check, all problems
 * reported together; last the replay cache, so only an otherwise valid assertion is recorded.
 * Nothing a sender controls makes this, or the libraries it calls, log at WARN or above.
 *
 * <pre>{@code
 * SamlVerifier verifier = SamlVerifier.builder()
 *         .serviceProvider(SamlServiceProvider.withEntityId("https://app.example/saml")
 *                 .acsUrl("https://app.example/saml/acs").build())
 *         .identityProviders(SamlIdentityProviders.of(idp))
 *         .build();
 * VerifiedIdentity identity = verifier.verify(samlResponseParameter, pendingRequest);
 * }</pre>
 *
 * @since 0.1
 */
public final class SamlVerifier {

    /** The largest decoded response accepted unless configured otherwise: 256 KiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

    private final SamlServiceProvider serviceProvider;
    private final SamlIdentityProviders identityProviders;
    private final ReplayCache replayCache;
    private final Clock clock;
    private final Duration clockSkew;
    private final Duration maxAssertionAge;
    private final int maxResponseBytes;
    private final SignatureCheck signatures;
    private final AssertionDecrypter decrypter;
    private final SamlIdentityReader identities;
    private final List<AssertionCheck> checks;
    private final Builder settings;

    private SamlVerifier(Builder b) {
        this.settings = b.copy();
        OpenSaml.ensureInitialized();
        this.serviceProvider = Objects.requireNonNull(b.serviceProvider, "serviceProvider cannot be null");
        this.identityProviders = Objects.requireNonNull(b.identityProviders, "identityProviders cannot be null");
        this.replayCache = b.replayCache != null ? b.replayCache : new InMemoryReplayCache(b.clock,
                InMemoryReplayCache.DEFAULT_MAX_ENTRIES);
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.maxAssertionAge = b.maxAssertionAge;
        this.maxResponseBytes = b.maxResponseBytes;
        this.signatures = new SignatureCheck(new SignaturePolicy(b.signatureAlgorithms,
                SignaturePolicy.DEFAULT_DIGEST_ALGORITHMS, b.minimumRsaKeyBits));
        this.decrypter = new AssertionDecrypter(serviceProvider.decryptionKeys(), signatures.policy());
        this.identities = new SamlIdentityReader(decrypter);
        List<AssertionCheck> all = new ArrayList<>(DefaultAssertionChecks.all(b.maxAssertionAge, b.maxAuthenticationAge));
        all.addAll(b.extraChecks);
        this.checks = List.copyOf(all);
    }

    /** Starts a verifier; the service provider and the IdPs are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A verifier set up as this one, but for {@code identityProviders} and remembering used
     * messages in {@code replayCache}: for a test sign-in through an IdP that takes no logins yet.
     */
    public SamlVerifier with(SamlIdentityProviders identityProviders, ReplayCache replayCache) {
        return new SamlVerifier(settings.copy().identityProviders(identityProviders).replayCache(replayCache));
    }

    /** The replay cache this {@link SamlVerifier} remembers used messages in. */
    public ReplayCache replayCache() {
        return replayCache;
    }

    /**
     * Verifies a response to an AuthnRequest we sent, as SAML 2.0 Profiles §4.1.4.2-4.1.4.3 (Web
     * Browser SSO) and Core §2.5, §3.2.2 ask: status Success, one assertion signed by the IdP (or a
     * signed response), Issuer, Destination, InResponseTo, bearer SubjectConfirmation (Recipient,
     * NotOnOrAfter), Conditions and Audience, AuthnStatement, and an assertion ID not seen before.
     * Refuses, with every reason, anything forged, wrapped, replayed, stale or addressed elsewhere.
     *
     * @param samlResponse the {@code SAMLResponse} form parameter: base64, line breaks allowed
     * @param request the outstanding AuthnRequest it must answer; {@code null} for IdP-initiated SSO,
     *     which the IdP must allow
     * @throws JitAuthenticationException with every problem found
     * @throws io.jitprov.core.JitStoreException when the replay cache cannot answer
     */
    public VerifiedIdentity verify(String samlResponse, @Nullable PendingAuthnRequest request) {
        Objects.requireNonNull(samlResponse, "samlResponse cannot be null");
        Verified verified;
        try {
            verified = verifyMessage(samlResponse, request);
        } catch (JitAuthenticationException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever OpenSAML or the parser throws on input we did not foresee stays a refusal.
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                    "The response could not be processed (" + e.getClass().getSimpleName() + ")");
        }
        // Outside the net above: a failing replay cache is the store's failure, not bad input.
        recordUse(verified.assertion(), verified.identityProvider());
        return verified.identity();
    }

    /** A response that passed every check but the replay cache. */
    private record Verified(VerifiedIdentity identity, Assertion assertion, SamlIdentityProvider identityProvider) { }

    private Verified verifyMessage(String samlResponse, @Nullable PendingAuthnRequest request) {
        Instant now = clock.instant();
        Read read = read(samlResponse);
        Response response = read.response();
        DocumentShape.Found found = read.found();

        SamlIdentityProvider idp = identityProvider(response, found, request);
        if (response.isSigned()) {
            idp = verifySignature(response, idp, "response");
        }
        Assertion assertion = assertionOf(response, found);
        if (assertion.isSigned()) {
            idp = verifySignature(assertion, idp, "assertion");
        }
        if (!response.isSigned() && !assertion.isSigned()) {
            throw new JitAuthenticationException(JitErrorCodes.SIGNATURE_MISSING,
                    "Neither the response nor the assertion is signed");
        }

        SamlCheckContext context = new SamlCheckContext(now, clockSkew, serviceProvider, idp, request);
        List<JitError> errors = new ArrayList<>(ResponseChecks.check(response, context));
        for (AssertionCheck check : checks) {
            errors.addAll(check.check(assertion, context));
        }
        if (!errors.isEmpty()) {
            throw new JitAuthenticationException(new Refusal(errors));
        }
        return new Verified(identities.read(assertion, idp), assertion, idp);
    }

    /** A response as read off the wire, before any signature is verified. */
    private record Read(Response response, DocumentShape.Found found) { }

    /**
     * Everything before OpenSAML reads the message: decoding, the hardened parse, the IdP's status,
     * the document's shape and every signature's elements, so that what OpenSAML or Santuario would
     * refuse (and log) is refused here first.
     */
    private Read read(String samlResponse) {
        byte[] xml = SamlMessages.decodeBase64(samlResponse, maxResponseBytes);
        if (SamlMessages.isDeflatedXml(xml)) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE,
                    "The response is DEFLATE-compressed: the HTTP-POST binding sends it uncompressed");
        }
        Element root = SecureXml.parse(xml).getDocumentElement();
        requireResponseRoot(root);
        ResponseChecks.refuseErrorStatus(root);
        DocumentShape.Found found = DocumentShape.checkResponse(root);
        Map<Element, String> signables = new LinkedHashMap<>();
        signables.put(root, "response");
        if (!found.encrypted()) {
            signables.put(found.assertion(), "assertion");
        }
        SignatureElements.check(root, signables, signatures.policy());
        return new Read(unmarshalResponse(root), found);
    }

    private static void requireResponseRoot(Element root) {
        if (!SAMLConstants.SAML20P_NS.equals(root.getNamespaceURI()) || !"Response".equals(root.getLocalName())) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The message is a "
                    + JitError.quote(root.getLocalName()) + ", not a SAML 2.0 Response");
        }
    }

    private static Response unmarshalResponse(Element root) {
        XMLObject object = OpenSaml.unmarshal(root);
        if (!(object instanceof Response response)) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The message is not a SAML 2.0 Response");
        }
        return response;
    }

    /**
     * Chooses the IdP by the Response's Issuer (or, without one, the plain assertion's), which
     * must be configured and must be the one our request went to.
     */
    private SamlIdentityProvider identityProvider(Response response, DocumentShape.Found found,
            @Nullable PendingAuthnRequest request) {
        String issuer = response.getIssuer() != null ? response.getIssuer().getValue() : null;
        if (issuer == null && !found.encrypted() && !response.getAssertions().isEmpty()
                && response.getAssertions().get(0).getIssuer() != null) {
            issuer = response.getAssertions().get(0).getIssuer().getValue();
        }
        if (issuer == null && request != null) {
            issuer = request.idpEntityId();
        }
        if (issuer == null) {
            throw new JitAuthenticationException(JitErrorCodes.UNKNOWN_ISSUER, "The response names no issuer");
        }
        if (request != null && !request.idpEntityId().equals(issuer)) {
            throw new JitAuthenticationException(JitErrorCodes.ISSUER_MISMATCH, "The response comes from "
                    + JitError.quote(issuer) + ", but the request went to [" + request.idpEntityId() + "]");
        }
        String entityId = issuer;
        return identityProviders.find(entityId).orElseThrow(() -> new JitAuthenticationException(
                JitErrorCodes.UNKNOWN_ISSUER, "Issuer " + JitError.quote(entityId) + " is not a configured identity provider"));
    }

    /** The one assertion, decrypted if need be. */
    private Assertion assertionOf(Response response, DocumentShape.Found found) {
        Assertion assertion;
        if (found.encrypted()) {
            assertion = decrypter.decrypt(response.getEncryptedAssertions().get(0));
            if (!response.isSigned() && !assertion.isSigned()) {
                throw new JitAuthenticationException(JitErrorCodes.SIGNATURE_MISSING,
                        "The encrypted assertion of an unsigned response must be signed itself");
            }
        } else {
            assertion = response.getAssertions().get(0);
        }
        return assertion;
    }

    /**
     * Verifies with the IdP's keys; when none verifies, asks the IdP registry once for fresher
     * keys (a rotation since metadata was last read) and tries those. Returns the IdP whose keys
     * verified.
     */
    private SamlIdentityProvider verifySignature(SignableSAMLObject signed, SamlIdentityProvider idp, String what) {
        if (signatures.verify(signed, idp.signingCertificates(), what)) {
            return idp;
        }
        Optional<SamlIdentityProvider> refreshed = identityProviders.refreshKeys(idp.entityId())
                .filter(fresh -> !fresh.signingCertificates().equals(idp.signingCertificates()));
        if (refreshed.isPresent() && signatures.verify(signed, refreshed.get().signingCertificates(), what)) {
            return refreshed.get();
        }
        throw new JitAuthenticationException(JitErrorCodes.INVALID_SIGNATURE, "The signature of the " + what
                + " does not verify with any signing key of [" + idp.entityId() + "]");
    }

    private void recordUse(Assertion assertion, SamlIdentityProvider idp) {
        String id = assertion.getID();
        if (id == null || id.isEmpty()) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The assertion has no ID");
        }
        Instant expiresAt = assertion.getIssueInstant().plus(maxAssertionAge);
        if (assertion.getConditions() != null && assertion.getConditions().getNotOnOrAfter() != null
                && assertion.getConditions().getNotOnOrAfter().isBefore(expiresAt)) {
            expiresAt = assertion.getConditions().getNotOnOrAfter();
        }
        // Kept a skew longer than it can be accepted, so no replay slips in at the edge.
        if (!replayCache.firstUse("saml|" + idp.entityId() + "|" + id, expiresAt.plus(clockSkew).plus(clockSkew))) {
            throw new JitAuthenticationException(JitErrorCodes.REPLAYED, "Assertion " + JitError.quote(id)
                    + " of [" + idp.entityId() + "] was already used");
        }
    }

    /** Configures a {@link SamlVerifier}; the service provider and identity providers are required. */
    public static final class Builder {

        private @Nullable SamlServiceProvider serviceProvider;
        private @Nullable SamlIdentityProviders identityProviders;
        private @Nullable ReplayCache replayCache;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration maxAssertionAge = Duration.ofMinutes(5);
        private @Nullable Duration maxAuthenticationAge;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Set<String> signatureAlgorithms = SignaturePolicy.DEFAULT_SIGNATURE_ALGORITHMS;
        private int minimumRsaKeyBits = SignaturePolicy.DEFAULT_MINIMUM_RSA_KEY_BITS;
        private final List<AssertionCheck> extraChecks = new ArrayList<>();

        private Builder() {
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.serviceProvider = serviceProvider;
            copy.identityProviders = identityProviders;
            copy.replayCache = replayCache;
            copy.clock = clock;
            copy.clockSkew = clockSkew;
            copy.maxAssertionAge = maxAssertionAge;
            copy.maxAuthenticationAge = maxAuthenticationAge;
            copy.maxResponseBytes = maxResponseBytes;
            copy.signatureAlgorithms = signatureAlgorithms;
            copy.minimumRsaKeyBits = minimumRsaKeyBits;
            copy.extraChecks.addAll(extraChecks);
            return copy;
        }

        /** This SP: its entityID is the audience, its ACS URL the destination, its keys decrypt. */
        public Builder serviceProvider(SamlServiceProvider serviceProvider) {
            this.serviceProvider = Objects.requireNonNull(serviceProvider, "serviceProvider cannot be null");
            return this;
        }

        /** The IdPs whose responses are accepted, each with its signing keys. */
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

        /** Where used assertion IDs are kept; defaults to an {@link InMemoryReplayCache} (one node). */
        public Builder replayCache(ReplayCache replayCache) {
            this.replayCache = Objects.requireNonNull(replayCache, "replayCache cannot be null");
            return this;
        }

        /** The clock validity is checked with; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Tolerated clock difference with the IdP; 60 seconds by default. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = Durations.notNegative("clockSkew", clockSkew);
            return this;
        }

        /** How long after its IssueInstant an assertion is still accepted; 5 minutes by default. */
        public Builder maxAssertionAge(Duration maxAssertionAge) {
            this.maxAssertionAge = Durations.positive("maxAssertionAge", maxAssertionAge);
            return this;
        }

        /** Refuses assertions whose AuthnInstant is older than this; off by default. */
        public Builder maxAuthenticationAge(Duration maxAuthenticationAge) {
            this.maxAuthenticationAge = Durations.positive("maxAuthenticationAge", maxAuthenticationAge);
            return this;
        }

        /** The largest decoded response accepted; 256 KiB by default. */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** Replaces the allowed SignatureMethod URIs (RSA-SHA2, RSA-PSS, ECDSA-SHA2 by default). */
        public Builder signatureAlgorithms(String... algorithmUris) {
            if (algorithmUris.length == 0) {
                throw new IllegalArgumentException("signatureAlgorithms cannot be empty");
            }
            this.signatureAlgorithms = Set.of(algorithmUris);
            return this;
        }

        /** The smallest RSA key a signature may be made with; 2048 by default. */
        public Builder minimumRsaKeyBits(int bits) {
            if (bits < 1024) {
                throw new IllegalArgumentException("minimumRsaKeyBits must be at least 1024");
            }
            this.minimumRsaKeyBits = bits;
            return this;
        }

        /** Adds a check that runs after the defaults on every assertion. */
        public Builder assertionCheck(AssertionCheck check) {
            extraChecks.add(Objects.requireNonNull(check, "check cannot be null"));
            return this;
        }

        /** The verifier. */
        public SamlVerifier build() {
            return new SamlVerifier(this);
        }
    }
}
