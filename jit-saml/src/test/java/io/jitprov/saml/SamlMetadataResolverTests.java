package io.jitprov.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.core.wiring.RefreshListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.Signer;

/** Metadata served by a real HTTP server on loopback, read, refreshed and rotated. */
class SamlMetadataResolverTests {

    private final MutableClock clock = new MutableClock(TestResponse.NOW);
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String body = TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP);
    private volatile int status = 200;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metadata", exchange -> {
            fetches.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SamlMetadataSource.Builder url() {
        return SamlMetadataSource.url(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metadata"))
                .allowInsecureHttp();
    }

    private SamlMetadataResolver resolver(SamlMetadataSource source) {
        return SamlMetadataResolver.builder().source(source).clock(clock).build();
    }

    private static String withCacheDuration(String metadata, String duration) {
        return metadata.replaceFirst("entityID=", "cacheDuration=\"" + duration + "\" entityID=");
    }

    @Test
    void findWhenServedOverHttpThenIdpWithThisSpsSettings() {
        SamlMetadataResolver resolver = resolver(url().configure(idp -> idp.emailsVerified(true)).build());

        SamlIdentityProvider idp = resolver.find(TestResponse.IDP).orElseThrow();

        assertThat(idp.signingCertificates()).containsExactly(TestKeys.IDP.certificate());
        assertThat(idp.emailsVerified()).isTrue();
        assertThat(resolver.find("https://unknown.idp")).isEmpty();
        assertThat(fetches).hasValue(1);
    }

    @Test
    void findWhenCacheDurationPassesThenReadAgainAndNewKeysUsed() {
        body = withCacheDuration(body, "PT10M");
        SamlMetadataResolver resolver = resolver(url().build());
        body = withCacheDuration(TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP_NEXT), "PT10M");

        clock.advance(Duration.ofMinutes(9));
        assertThat(resolver.find(TestResponse.IDP).orElseThrow().signingCertificates())
                .containsExactly(TestKeys.IDP.certificate());
        assertThat(fetches).hasValue(1);

        clock.advance(Duration.ofMinutes(2));
        assertThat(resolver.find(TestResponse.IDP).orElseThrow().signingCertificates())
                .as("the login that notices is not held up: it gets the keys there are")
                .containsExactly(TestKeys.IDP.certificate());
        assertThat(eventually(() -> resolver.find(TestResponse.IDP).orElseThrow().signingCertificates()
                .contains(TestKeys.IDP_NEXT.certificate()))).as("read again in the background").isTrue();
        assertThat(fetches).hasValue(2);
    }

    /** Whether {@code condition} holds within 5 seconds (a background read to land). */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Test
    void findWhenRefreshFailsThenOldKeysKeptAndRetriedTenSecondsLater() {
        body = withCacheDuration(body, "PT10M");
        SamlMetadataResolver resolver = resolver(url().build());
        status = 500;

        clock.advance(Duration.ofMinutes(11));
        assertThat(resolver.find(TestResponse.IDP).orElseThrow().signingCertificates())
                .containsExactly(TestKeys.IDP.certificate());
        assertThat(eventually(() -> fetches.get() == 2)).isTrue();
        clock.advance(Duration.ofSeconds(9));
        assertThat(resolver.find(TestResponse.IDP).orElseThrow().signingCertificates())
                .containsExactly(TestKeys.IDP.certificate());
        assertThat(fetches).hasValue(2);

        status = 200;
        clock.advance(Duration.ofSeconds(1));
        // Each login may start the background read; the one before may still be finishing.
        assertThat(eventually(() -> resolver.find(TestResponse.IDP).isPresent() && fetches.get() == 3)).isTrue();
    }

    @Test
    void everyReadIsToldUnderOneNameWithTheCertificatesEndWhetherItFailedOrNot() {
        List<RefreshListener.Refresh> heard = new ArrayList<>();
        status = 503;
        SamlMetadataResolver resolver = SamlMetadataResolver.builder().source(url().build()).clock(clock)
                .refreshListener(heard::add).build();
        status = 200;
        clock.advance(Duration.ofSeconds(10));
        assertThat(resolver.find(TestResponse.IDP)).isPresent();

        assertThat(heard).extracting(RefreshListener.Refresh::idp).as("a URL source that names no IdP: its URL")
                .containsExactly(url().build().toString(), url().build().toString());
        assertThat(heard.get(0).failure()).contains("503");
        assertThat(heard.get(0).certificatesExpire()).isNull();
        assertThat(heard.get(1).succeeded()).isTrue();
        assertThat(heard.get(1).certificatesExpire()).isEqualTo(TestKeys.IDP.certificate().getNotAfter().toInstant());
    }

    @Test
    void buildWhenTheSourceNamesItsIdpThenNothingIsReadBeforeItsFirstLogin() {
        SamlMetadataResolver resolver = resolver(url().entityId(TestResponse.IDP).build());

        assertThat(fetches).hasValue(0);
        assertThat(resolver.entityIds()).containsExactly(TestResponse.IDP);
        assertThat(resolver.find(TestResponse.IDP)).isPresent();
        assertThat(fetches).hasValue(1);
    }

    @Test
    void findWhenANamedIdpDoesNotAnswerThenItsLoginsAreRefusedAsUnavailableUntilItDoes() {
        status = 503;
        SamlMetadataResolver resolver = resolver(url().entityId(TestResponse.IDP).build());

        assertThatThrownBy(() -> resolver.find(TestResponse.IDP)).isInstanceOfSatisfying(
                JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.IDP_UNAVAILABLE);
                    assertThat(e.getMessage()).contains(TestResponse.IDP).contains("HTTP 503");
                });
        assertThatThrownBy(() -> resolver.find(TestResponse.IDP)).isInstanceOf(JitAuthenticationException.class);
        assertThat(fetches).as("tried again only when its next try is due").hasValue(1);

        status = 200;
        clock.advance(Duration.ofSeconds(10));
        assertThat(resolver.find(TestResponse.IDP)).isPresent();
    }

    @Test
    void findWhenTheMetadataUrlPointsInsideTheNetworkThenRefusedUnderTheOutboundPolicy() {
        SamlMetadataResolver guarded = resolver(url().entityId(TestResponse.IDP)
                .outboundPolicy(OutboundPolicy.builder().allowHttp().build()).build());

        assertThatThrownBy(() -> guarded.find(TestResponse.IDP)).isInstanceOfSatisfying(
                JitAuthenticationException.class, e -> {
                    assertThat(e.error().code()).isEqualTo(JitErrorCodes.IDP_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("Refused to connect").contains("loopback");
                });
        assertThat(fetches).as("nothing reached the server").hasValue(0);

        SamlMetadataResolver allowed = resolver(url().entityId(TestResponse.IDP)
                .outboundPolicy(OutboundPolicy.builder().allowHttp().allow("127.0.0.0/8").build()).build());
        assertThat(allowed.find(TestResponse.IDP)).isPresent();
        assertThat(fetches).hasValue(1);
        assertThatIllegalArgumentException().as("the policy's scheme rule, at build").isThrownBy(() -> url()
                .outboundPolicy(OutboundPolicy.publicInternet()).build());
    }

    @Test
    void findWhenOneIdpIsDownThenTheOthersAreServedWithoutWaitingForIt() {
        status = 503;
        String other = "https://other-idp.example/metadata";
        SamlMetadataResolver resolver = SamlMetadataResolver.builder().clock(clock)
                .source(url().entityId(TestResponse.IDP).build())
                .source(SamlMetadataSource.string(TestResponse.idpMetadata(other, TestKeys.IDP_NEXT)).build())
                .build();

        assertThat(resolver.find(other)).isPresent();
        assertThat(resolver.find("https://unknown.idp")).isEmpty();
        assertThat(fetches).as("the IdP that is down was never asked").hasValue(0);
    }

    @Test
    void findWhenServerDownAtStartThenUnavailableUntilItAnswers() {
        status = 503;
        SamlMetadataResolver resolver = resolver(url().build());

        assertThat(resolver.find(TestResponse.IDP)).isEmpty();

        status = 200;
        clock.advance(Duration.ofMinutes(2));
        assertThat(resolver.find(TestResponse.IDP)).isPresent();
    }

    @Test
    void verifyWhenIdpRotatedItsKeyThenNextLoginSucceedsWithoutWaitingForRefresh() {
        SamlMetadataResolver resolver = resolver(url().configure(idp -> idp.emailsVerified(true)).build());
        SamlVerifier verifier = SamlVerifier.builder().serviceProvider(SamlFixture.sp()).identityProviders(resolver)
                .clock(clock).build();
        body = TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP_NEXT);

        String rotated = TestResponse.valid().with(r -> r.assertionSigner = TestKeys.IDP_NEXT).base64();

        assertThat(verifier.verify(rotated, SamlFixture.request()).subject()).isEqualTo("alice-0001");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void verifyWhenUnknownKeysFloodThenMetadataReadAtMostOncePerInterval() {
        SamlMetadataResolver resolver = resolver(url().build());
        SamlVerifier verifier = SamlVerifier.builder().serviceProvider(SamlFixture.sp()).identityProviders(resolver)
                .clock(clock).build();

        for (int i = 0; i < 5; i++) {
            SamlFixture.assertRefused(() -> verifier.verify(TestResponse.valid()
                    .with(r -> r.assertionSigner = TestKeys.ATTACKER).base64(), SamlFixture.request()),
                    JitErrorCodes.INVALID_SIGNATURE);
        }

        assertThat(fetches).hasValue(2);
    }

    @Test
    void findWhenMetadataMustBeSignedThenOnlySignedMetadataIsUsed() throws Exception {
        body = signed(TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP), TestKeys.IDP_NEXT);
        assertThat(resolver(url().signedBy(TestKeys.IDP_NEXT.certificate()).build()).find(TestResponse.IDP)).isPresent();

        body = signed(TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP), TestKeys.ATTACKER);
        assertThat(resolver(url().signedBy(TestKeys.IDP_NEXT.certificate()).build()).find(TestResponse.IDP)).isEmpty();

        body = TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP);
        assertThat(resolver(url().signedBy(TestKeys.IDP_NEXT.certificate()).build()).find(TestResponse.IDP)).isEmpty();
    }

    @Test
    void buildWhenPlainHttpWithoutOptInThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SamlMetadataSource.url(URI.create("http://idp.example/metadata")).build())
                .withMessageContaining("must use https");
    }

    @Test
    void buildWhenFileIsNotMetadataThenConfigurationError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("idp.xml"), "<nope/>");

        assertThatIllegalArgumentException().isThrownBy(() -> resolver(SamlMetadataSource.file(file).build()))
                .withMessageContaining("is not usable");
    }

    @Test
    void findWhenFileSourceThenRead(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("idp.xml"), TestResponse.idpMetadata(TestResponse.IDP, TestKeys.IDP));

        assertThat(resolver(SamlMetadataSource.file(file).build()).find(TestResponse.IDP)).isPresent();
    }

    private static String signed(String metadata, SamlCredential signer) throws Exception {
        SignableSAMLObject entity = (SignableSAMLObject) SamlMetadata.unmarshal(metadata);
        entity.releaseDOM();
        Signature signature = SamlSigning.prepare(entity, signer);
        var element = SamlMessages.marshall(entity);
        Signer.signObject(signature);
        return SerializeSupport.nodeToString(element);
    }
}
