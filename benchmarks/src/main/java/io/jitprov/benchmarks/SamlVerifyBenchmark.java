package io.jitprov.benchmarks;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.memory.InMemoryReplayCache;
import io.jitprov.saml.BenchmarkResponses;
import io.jitprov.saml.PendingAuthnRequest;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xml.security.signature.XMLSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * SamlVerifier against the floor (base64, DOM parse and a bare Santuario verification of the
 * assertion's signature, no SAML checks) and OneLogin java-saml 2.9.0, on one realistic response
 * from its wire form. Run: see benchmarks/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class SamlVerifyBenchmark {

    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";

    private String encoded;
    private SamlVerifier verifier;
    private PendingAuthnRequest request;
    private PublicKey idpKey;
    private DocumentBuilderFactory floorParser;
    private Saml2Settings oneLoginStrict;
    private Saml2Settings oneLoginNoSchema;
    private final AtomicLong uses = new AtomicLong();
    private InMemoryReplayCache replayCache;

    @Setup
    public void setUp() throws Exception {
        freshReplayCache();
        Instant issued = Instant.now();
        encoded = BenchmarkResponses.signedResponse(issued);
        request = new PendingAuthnRequest(BenchmarkResponses.REQUEST_ID, BenchmarkResponses.IDP);
        verifier = SamlVerifier.builder()
                .serviceProvider(SamlServiceProvider.withEntityId(BenchmarkResponses.SP).acsUrl(BenchmarkResponses.ACS).build())
                .identityProviders(SamlIdentityProviders.of(
                        SamlMetadata.parseIdentityProvider(BenchmarkResponses.idpMetadata()).build()))
                .clock(Clock.fixed(issued, ZoneOffset.UTC))
                // The one response is verified again and again: each use gets its own key in a real
                // cache, so the cache's cost is measured and the replay check does not refuse it.
                .replayCache((key, expiresAt) -> replayCache.firstUse(key + "#" + uses.incrementAndGet(), expiresAt))
                .build();
        idpKey = BenchmarkResponses.idpKey();
        org.apache.xml.security.Init.init();
        floorParser = DocumentBuilderFactory.newDefaultInstance();
        floorParser.setNamespaceAware(true);
        oneLoginStrict = oneLoginSettings(true);
        oneLoginNoSchema = oneLoginSettings(false);
        if (!jit().subject().equals("4f1c2a0e-9d3b-4c55-8a1e-7b2f6c9d0e11") || !floor() || !oneLoginDefault()
                || !oneLoginSchemaValidationOff()) {
            throw new IllegalStateException("A verifier refused the benchmark response");
        }
    }

    @Setup(Level.Iteration)
    public void freshReplayCache() {
        replayCache = new InMemoryReplayCache(Clock.systemUTC(), 10_000_000);
    }

    /** jit: every check, replay cache included. */
    @Benchmark
    public VerifiedIdentity jit() {
        return verifier.verify(encoded, request);
    }

    /** The floor: base64, DOM parse, bare Santuario verification of the assertion signature. */
    @Benchmark
    public boolean floor() throws Exception {
        byte[] xml = Base64.getMimeDecoder().decode(encoded);
        DocumentBuilder builder = floorParser.newDocumentBuilder();
        Document document = builder.parse(new ByteArrayInputStream(xml));
        Element assertion = (Element) document.getElementsByTagNameNS(SAML, "Assertion").item(0);
        assertion.setIdAttributeNS(null, "ID", true);
        NodeList signatures = assertion.getElementsByTagNameNS(DS, "Signature");
        XMLSignature signature = new XMLSignature((Element) signatures.item(0), "");
        return signature.checkSignatureValue(idpKey);
    }

    /** OneLogin java-saml in its default strict configuration (schema validation on). */
    @Benchmark
    public boolean oneLoginDefault() throws Exception {
        return oneLogin(oneLoginStrict);
    }

    /** OneLogin java-saml, strict, with schema validation off. */
    @Benchmark
    public boolean oneLoginSchemaValidationOff() throws Exception {
        return oneLogin(oneLoginNoSchema);
    }

    private boolean oneLogin(Saml2Settings settings) throws Exception {
        HttpRequest http = new HttpRequest(BenchmarkResponses.ACS, (String) null).addParameter("SAMLResponse", encoded);
        return new SamlResponse(settings, http).isValid(BenchmarkResponses.REQUEST_ID);
    }

    private static Saml2Settings oneLoginSettings(boolean schemaValidation) {
        Map<String, Object> values = new HashMap<>();
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, BenchmarkResponses.SP);
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, BenchmarkResponses.ACS);
        values.put(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY, BenchmarkResponses.IDP);
        values.put(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY, "https://idp.acme.test/sso");
        values.put(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY, BenchmarkResponses.idpCertificateBase64());
        Saml2Settings settings = new SettingsBuilder().fromValues(values).build();
        settings.setWantXMLValidation(schemaValidation);
        return settings;
    }

}
