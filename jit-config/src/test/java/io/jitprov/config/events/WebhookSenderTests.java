package io.jitprov.config.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jitprov.core.registry.ConnectionEvent;
import io.jitprov.core.wiring.OutboundPolicy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The webhook against a real HTTP receiver on loopback: signed bodies, retries with backoff, the delivery log. */
@Timeout(30)
class WebhookSenderTests {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final OutboundPolicy LOOPBACK = OutboundPolicy.builder().allowHttp().allow("127.0.0.0/8").build();

    /** What the receiver got: the body, the signature header, the event header. */
    record Received(String body, String signature, String event) { }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private HttpServer receiver;
    private URI url;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Jit-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Jit-Event")));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 204, -1);
            exchange.close();
        });
        receiver.start();
        url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private static ConnectionEvent event() {
        return ConnectionEvent.of(ConnectionEvent.Type.CERTIFICATE_EXPIRING, Instant.parse("2026-11-30T10:00:00Z"),
                "acme", "acme-saml", null, Map.of("daysLeft", "30", "subject", "CN=idp"));
    }

    private static void awaitDeliveries(WebhookSender webhook, int count) throws InterruptedException {
        while (webhook.deliveries().size() < count) {
            Thread.sleep(20); // bounded by the class's @Timeout
        }
    }

    /** What a receiver does: HMAC-SHA256 over "t.body" with the shared secret, compared in constant time. */
    private static boolean verifies(Received delivery) throws Exception {
        String[] parts = delivery.signature().split(",");
        String t = parts[0].substring(2);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + delivery.body()).getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts[1].substring(3)));
    }

    @Test
    void onWhenReceiverAnswersThenOneSignedDeliveryWithTheEvent() throws Exception {
        try (WebhookSender webhook = WebhookSender.to(url, SECRET).outboundPolicy(LOOPBACK).build()) {
            ConnectionEvent event = event();
            webhook.on(event);
            awaitDeliveries(webhook, 1);

            assertThat(received).singleElement().satisfies(delivery -> {
                assertThat(verifies(delivery)).isTrue();
                assertThat(delivery.event()).isEqualTo("certificate.expiring");
                JsonNode body = new ObjectMapper().readTree(delivery.body());
                assertThat(body.path("id").asText()).isEqualTo(event.id());
                assertThat(body.path("tenantId").asText()).isEqualTo("acme");
                assertThat(body.path("details").path("daysLeft").asText()).isEqualTo("30");
            });
            assertThat(webhook.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.delivered()).isTrue();
                assertThat(d.status()).isEqualTo(204);
            });
        }
    }

    @Test
    void onWhenReceiverFailsTwiceThenRetriedUntilDeliveredAndEveryAttemptLogged() throws Exception {
        failuresLeft.set(2);
        try (WebhookSender webhook = WebhookSender.to(url, SECRET).outboundPolicy(LOOPBACK)
                .firstRetry(Duration.ofMillis(50)).build()) {
            webhook.on(event());
            awaitDeliveries(webhook, 3);

            assertThat(webhook.deliveries()).extracting(WebhookSender.Delivery::attempt, WebhookSender.Delivery::status,
                    WebhookSender.Delivery::delivered).containsExactly(org.assertj.core.groups.Tuple.tuple(3, 204, true),
                    org.assertj.core.groups.Tuple.tuple(2, 500, false), org.assertj.core.groups.Tuple.tuple(1, 500, false));
            assertThat(received).hasSize(3).extracting(Received::body).containsOnly(received.get(0).body());
        }
    }

    @Test
    void onWhenReceiverNeverAnswersThenGivesUpAfterMaxAttempts() throws Exception {
        failuresLeft.set(100);
        try (WebhookSender webhook = WebhookSender.to(url, SECRET).outboundPolicy(LOOPBACK).maxAttempts(3)
                .firstRetry(Duration.ofMillis(10)).build()) {
            webhook.on(event());
            awaitDeliveries(webhook, 3);
            Thread.sleep(200);

            assertThat(received).hasSize(3);
            assertThat(webhook.deliveries()).hasSize(3).noneMatch(WebhookSender.Delivery::delivered);
        }
    }

    @Test
    void onWhenUrlIsInternalUnderTheDefaultPolicyThenRefusedWithoutConnecting() throws Exception {
        try (WebhookSender webhook = WebhookSender.to(url, SECRET).maxAttempts(1).build()) {
            webhook.on(event());
            awaitDeliveries(webhook, 1);

            assertThat(received).isEmpty();
            assertThat(webhook.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.delivered()).isFalse();
                assertThat(d.status()).isZero();
            });
        }
    }

    @Test
    void toWhenSecretShortThenRefused() {
        assertThatThrownBy(() -> WebhookSender.to(url, new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret must have at least 32 bytes (e.g. openssl rand 32)");
    }
}
