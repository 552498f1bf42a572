package dev.iotpaymerchant.fulfilment.control;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.http.BoundedExchange;
import dev.iotpaymerchant.platform.observability.Traces;

/**
 * Posts one signed webhook and says what happened. Any 2xx is delivered; a redirect (never
 * followed), any other status, no whole answer within the deadline or a refused connection is a
 * failed attempt. {@code webhooks.timeout-ms} is a total deadline: connecting, sending and the
 * whole answer; a receiver that answers a byte at a time is cut off when it passes, and at most
 * {@value #MAX_ANSWER_BYTES} bytes of an answer are read (past them, the status alone counts).
 * The exchange itself, its deadline and its cap are {@link BoundedExchange}'s. Called only outside
 * transactions.
 */
@ApplicationScoped
public class WebhookSender {

    static final int MAX_ANSWER_BYTES = 64 * 1024;

    @Inject
    FulfilmentSettings settings;

    private volatile BoundedExchange http;

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
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", WebhookSignature.sign(keys, eventId, timestampSeconds, body))
                .header("User-Agent", "iotpay-merchant-webhooks")
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        // The receiver can follow the delivery in the dispatcher's trace.
        Traces.traceparent().ifPresent(traceparent -> request.header("traceparent", traceparent));
        BoundedExchange.Outcome outcome = exchange().send(request, deadline, MAX_ANSWER_BYTES);
        if (outcome.headArrived()) { // a body past the cap is not read, and the status is what counts
            int status = outcome.status();
            String error = status / 100 == 3 ? "redirect (HTTP " + status + ") not followed" : null;
            return new Result(status, error, since(started));
        }
        return new Result(null, describe(outcome.failure(), deadline), since(started));
    }

    private static String describe(BoundedExchange.Failure failure, Duration deadline) {
        return switch (failure) {
            case DEADLINE_PASSED -> "no whole answer within " + deadline.toMillis() + " ms";
            case UNREACHABLE -> "the receiver could not be reached";
            case INTERRUPTED -> "interrupted before an answer arrived";
            case CONNECTION_FAILED, BODY_TOO_LARGE -> "the connection failed before an answer arrived";
        };
    }

    private BoundedExchange exchange() {
        BoundedExchange current = http;
        if (current == null) {
            synchronized (this) {
                if (http == null) {
                    http = new BoundedExchange(HttpClient.Version.HTTP_1_1, settings.webhooksTimeout());
                }
                current = http;
            }
        }
        return current;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
