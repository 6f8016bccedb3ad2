package io.jitprov.config.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.core.registry.ConnectionEvent;
import io.jitprov.core.registry.ConnectionEventListener;
import io.jitprov.core.wiring.OutboundPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each {@link ConnectionEvent} to a URL as JSON, signed so the receiver knows it came from
 * this application, retried with backoff when the receiver fails, and kept in a delivery log.
 *
 * <p>The request carries {@code X-Jit-Event} (the type) and {@code X-Jit-Signature: t=<unix
 * seconds>,v1=<hex>}, where {@code v1} is HMAC-SHA256 with the shared secret over
 * {@code <t>.<body>}: the receiver recomputes it, compares in constant time, and refuses a
 * {@code t} more than a few minutes old (a replayed delivery). The body's {@code id} is the
 * event's: a receiver drops one it has seen, since a delivery whose answer was lost is sent again.
 * Any 2xx is delivered; anything else (or no answer) is tried again after 1, 2, 4, 8 seconds...
 * up to {@link Builder#maxAttempts}. Sending never blocks the change that caused the event: events
 * wait in a bounded queue and, past it, are dropped with a WARN. Requests go out under an
 * {@link OutboundPolicy} (public HTTPS only, by default).
 *
 * <pre>
 * WebhookSender webhook = WebhookSender.to(URI.create("https://ops.example/jit-events"), secret).build();
 * JitRegistry.builder()...events(webhook).checkInterval(Duration.ofHours(6))
 * </pre>
 *
 * @since 0.1
 */
public final class WebhookSender implements ConnectionEventListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOG_SIZE = 200;
    private static final int QUEUE_SIZE = 1000;

    /**
     * One attempt to deliver an event.
     *
     * @param eventId the event
     * @param type its type's value
     * @param attempt 1 for the first
     * @param at when it was made
     * @param status the receiver's HTTP status; 0 when it did not answer
     * @param delivered whether this attempt delivered it
     * @param error why it failed, when it did
     */
    public record Delivery(String eventId, String type, int attempt, Instant at, int status, boolean delivered,
            @Nullable String error) { }

    private final URI url;
    private final byte[] secret;
    private final OutboundPolicy policy;
    private final int maxAttempts;
    private final Duration firstRetry;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor sender;
    private final Deque<Delivery> deliveries = new ArrayDeque<>();

    private WebhookSender(Builder b) {
        this.url = b.url;
        this.secret = b.secret.clone();
        this.policy = b.policy;
        this.maxAttempts = b.maxAttempts;
        this.firstRetry = b.firstRetry;
        this.clock = b.clock;
        this.sender = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = Executors.defaultThreadFactory().newThread(task);
            thread.setName("jit-webhook");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a sender to {@code url}, signing with {@code secret} (at least 32 bytes: give the
     * receiver the same bytes).
     */
    public static Builder to(URI url, byte[] secret) {
        return new Builder(url, secret);
    }

    @Override
    public void on(ConnectionEvent event) {
        if (sender.getQueue().size() >= QUEUE_SIZE) {
            LOG.warn("Webhook queue full: event {} ({}) of tenant [{}] dropped", event.id(), event.type().value(),
                    event.tenantId());
            return;
        }
        String body = body(event);
        try {
            sender.execute(() -> attempt(event, body, 1));
        } catch (RejectedExecutionException closed) {
            LOG.warn("Webhook closed: event {} dropped", event.id());
        }
    }

    /** The latest attempts, newest first (at most 200). */
    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Stops sending; events still waiting are dropped. */
    @Override
    public void close() {
        sender.shutdownNow();
    }

    private void attempt(ConnectionEvent event, String body, int attempt) {
        long timestamp = clock.instant().getEpochSecond();
        int status = 0;
        String error = null;
        try {
            OutboundPolicy.Answer answer = policy.send("POST", url, Map.of("Content-Type", "application/json",
                    "X-Jit-Event", event.type().value(), "X-Jit-Signature", "t=" + timestamp + ",v1="
                            + signature(timestamp + "." + body)), body);
            status = answer.status();
            if (status / 100 != 2) {
                error = "HTTP " + status;
            }
        } catch (IOException | RuntimeException e) {
            error = String.valueOf(e.getMessage());
        }
        log(new Delivery(event.id(), event.type().value(), attempt, clock.instant(), status, error == null, error));
        if (error == null) {
            return;
        }
        if (attempt >= maxAttempts) {
            LOG.warn("Webhook gave up on event {} ({}) after {} attempts: {}", event.id(), event.type().value(),
                    attempt, error);
            return;
        }
        long delay = firstRetry.toMillis() << Math.min(attempt - 1, 16);
        try {
            sender.schedule(() -> attempt(event, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("Webhook closed before retrying event {}", event.id());
        }
    }

    private synchronized void log(Delivery delivery) {
        deliveries.addFirst(delivery);
        while (deliveries.size() > LOG_SIZE) {
            deliveries.removeLast();
        }
    }

    private String signature(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String body(ConnectionEvent event) {
        ObjectNode json = JSON.createObjectNode().put("id", event.id()).put("type", event.type().value())
                .put("at", event.at().toString()).put("tenantId", event.tenantId())
                .put("connectionId", event.connectionId()).put("domain", event.domain());
        ObjectNode details = json.putObject("details");
        event.details().forEach(details::put);
        return json.toString();
    }

    /** Configures a {@link WebhookSender}. */
    public static final class Builder {

        private final URI url;
        private final byte[] secret;
        private OutboundPolicy policy = OutboundPolicy.publicInternet();
        private int maxAttempts = 8;
        private Duration firstRetry = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();

        private Builder(URI url, byte[] secret) {
            this.url = Objects.requireNonNull(url, "url cannot be null");
            if (Objects.requireNonNull(secret, "secret cannot be null").length < 32) {
                throw new IllegalArgumentException("secret must have at least 32 bytes (e.g. openssl rand 32)");
            }
            this.secret = secret.clone();
        }

        /** Where the webhook may connect; {@link OutboundPolicy#publicInternet()} by default. */
        public Builder outboundPolicy(OutboundPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy cannot be null");
            return this;
        }

        /** How many times an event is tried, the first included; 8 by default (about two minutes). */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("maxAttempts must be 1 to 20, not " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The wait before the first retry, doubled for each next one; a second by default. */
        public Builder firstRetry(Duration wait) {
            if (wait.isNegative() || wait.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("firstRetry must be between 0 and 10 minutes, not " + wait);
            }
            this.firstRetry = wait;
            return this;
        }

        /** The clock signatures are dated with; the system's by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        public WebhookSender build() {
            return new WebhookSender(this);
        }
    }
}
