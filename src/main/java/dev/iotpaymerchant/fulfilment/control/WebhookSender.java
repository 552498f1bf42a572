package dev.iotpaymerchant.fulfilment.control;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.observability.Traces;

/**
 * Posts one signed webhook and says what happened. Any 2xx is delivered; a redirect (never
 * followed), any other status, no whole answer within the deadline or a refused connection is a
 * failed attempt. {@code webhooks.timeout-ms} is a total deadline: connecting, sending and the
 * whole answer; a receiver that answers a byte at a time is cut off when it passes, and at most
 * {@value #MAX_ANSWER_BYTES} bytes of an answer are read. Called only outside transactions.
 *
 * <p>The JDK's HTTP client, unlike the JAX-RS client's per-read timeouts, can abort an exchange
 * that is in progress when its deadline passes, which is what makes the deadline total.
 */
@ApplicationScoped
public class WebhookSender {

    static final int MAX_ANSWER_BYTES = 64 * 1024;

    @Inject
    FulfilmentSettings settings;

    private volatile HttpClient http;

    /** What one attempt came to; {@code status} is null when no HTTP answer arrived. */
    public record Result(Integer status, String error, Duration duration) {

        public boolean delivered() {
            return status != null && status / 100 == 2;
        }

        public String describe() {
            return error != null ? error : "HTTP " + status;
        }
    }

    /** Sends one attempt, signed with each of {@code keys} (the secret's, then during a rotation the previous one's). */
    public Result send(URI url, String eventId, long timestampSeconds, String body, List<byte[]> keys) {
        Duration deadline = settings.webhooksTimeout();
        long started = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(deadline)
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", WebhookSignature.sign(keys, eventId, timestampSeconds, body))
                .header("User-Agent", "iotpay-merchant-webhooks")
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        // The receiver can follow the delivery in the dispatcher's trace.
        Traces.traceparent().ifPresent(traceparent -> request.header("traceparent", traceparent));
        CompletableFuture<HttpResponse<Void>> exchange = client().sendAsync(request.build(), info -> new BoundedDiscard());
        try {
            int status = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            String error = status / 100 == 3 ? "redirect (HTTP " + status + ") not followed" : null;
            return new Result(status, error, since(started));
        } catch (TimeoutException e) {
            exchange.cancel(true); // aborts the exchange and closes its connection
            return new Result(null, noAnswer(deadline), since(started));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted before an answer arrived", since(started));
        } catch (ExecutionException e) {
            return new Result(null, describe(e.getCause(), deadline), since(started));
        }
    }

    private static String describe(Throwable e, Duration deadline) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "the receiver could not be reached";
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return noAnswer(deadline);
            }
        }
        return "the connection failed before an answer arrived";
    }

    private static String noAnswer(Duration deadline) {
        return "no whole answer within " + deadline.toMillis() + " ms";
    }

    private HttpClient client() {
        HttpClient current = http;
        if (current == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(settings.webhooksTimeout())
                            .build();
                }
                current = http;
            }
        }
        return current;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Reads and drops the answer's body, and stops reading (closing the exchange) past {@value #MAX_ANSWER_BYTES} bytes. */
    static final class BoundedDiscard implements HttpResponse.BodySubscriber<Void> {

        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long read;

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                read += buffer.remaining();
            }
            if (read > MAX_ANSWER_BYTES && !done.isDone()) {
                subscription.cancel();
                done.complete(null); // the status is what counts
            }
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }
}
