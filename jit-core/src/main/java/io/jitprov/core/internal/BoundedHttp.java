package io.jitprov.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange with an identity provider, bounded in time and size from the request to the
 * last byte of the body. {@link HttpRequest.Builder#timeout} only bounds the wait for the
 * headers: a server that sends them and then drips, or stops, would hold the calling thread (and
 * every thread waiting on the same lock) for ever, and any tenant's IdP can be that server.
 *
 * <p>Not API: jit's modules share it; applications must not use it.
 */
public final class BoundedHttp {

    private BoundedHttp() {
    }

    /** A complete answer. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {
    }

    /**
     * Sends {@code request} and reads the whole answer within {@code timeout}.
     *
     * @throws HttpTimeoutException when the answer is not complete in time (the exchange is cancelled)
     * @throws IOException when it cannot be had, or its body is longer than {@code maxBytes}
     */
    public static Answer send(HttpClient http, HttpRequest request, int maxBytes, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> new Limited(maxBytes));
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("No complete answer from " + request.uri().getHost() + " within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /** Collects the body, and gives up as soon as it is longer than allowed. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.@Nullable Subscription subscription;

        Limited(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > maxBytes) {
                    Flow.Subscription active = subscription;
                    if (active != null) {
                        active.cancel();
                    }
                    result.completeExceptionally(new IOException("The answer is larger than " + maxBytes + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
