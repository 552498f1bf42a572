package dev.iotpaymerchant.platform.http;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One outgoing HTTP exchange bounded in all, for the calls that leave the node besides IOTPay's (the
 * webhook, the identity provider's keys): a total deadline that covers connecting, sending, the
 * head and the whole body, and a cap on the body. A peer that answers a byte at a time is cut off
 * when the deadline passes, and one that sends too much when the cap is passed; either way the
 * exchange is aborted and its connection closed, so nothing is left reading in the background.
 * Redirects are never followed: a redirect is an answer to report.
 *
 * <p>The JDK's HTTP client, unlike the JAX-RS client's per-read timeouts, can abort an exchange
 * that is in progress, which is what makes the deadline total. One instance holds one client,
 * shared by every thread.
 */
public final class BoundedExchange {

    private final HttpClient http;

    /** Why an exchange gave no whole answer. */
    public enum Failure {
        /** No whole answer within the deadline (the head, or the rest of the body, came too late). */
        DEADLINE_PASSED,
        /** The body was longer than the cap; the status and headers are known, the body is not kept. */
        BODY_TOO_LARGE,
        /** No connection: refused, timed out connecting, or an unknown host. */
        UNREACHABLE,
        /** The connection failed after it was made, before a whole answer arrived. */
        CONNECTION_FAILED,
        /** The waiting thread was interrupted; its interrupt flag is set again. */
        INTERRUPTED
    }

    /**
     * What one exchange came to. {@code failure} is null for a whole answer; {@code status} and
     * {@code headers} are there whenever the head arrived (a whole answer, or {@link
     * Failure#BODY_TOO_LARGE}), {@code status} is 0 and {@code headers} null otherwise; {@code body}
     * only for a whole answer. {@code cause} is what the client failed with, when it failed (not
     * when the deadline passed while waiting, nor when interrupted).
     */
    public record Outcome(int status, HttpHeaders headers, byte[] body, Failure failure, Throwable cause) {

        static Outcome answer(int status, HttpHeaders headers, byte[] body) {
            return new Outcome(status, headers, body, null, null);
        }

        static Outcome failed(Failure failure, Throwable cause) {
            return new Outcome(0, null, null, failure, cause);
        }

        /** True when the answer's head arrived: a whole answer, or one whose body was too large. */
        public boolean headArrived() {
            return status != 0;
        }
    }

    /** Exchanges over one client of this HTTP version that never follows redirects and gives up connecting after {@code connectTimeout}. */
    public BoundedExchange(HttpClient.Version version, Duration connectTimeout) {
        this.http = HttpClient.newBuilder()
                .version(version)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * Sends the request and waits at most {@code deadline} in all for the whole answer, reading at
     * most {@code maxBodyBytes} of its body. When the deadline passes or the thread is interrupted,
     * the exchange is cancelled, which aborts it and closes its connection.
     */
    public Outcome send(HttpRequest.Builder request, Duration deadline, int maxBodyBytes) {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request.timeout(deadline).build(),
                info -> new CappedBody(maxBodyBytes));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true); // aborts the exchange and closes its connection
            return Outcome.failed(Failure.DEADLINE_PASSED, null);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.failed(Failure.INTERRUPTED, null);
        } catch (ExecutionException e) {
            return Outcome.failed(classify(e.getCause()), e.getCause());
        }
        if (response.body() == null) {
            return new Outcome(response.statusCode(), response.headers(), null, Failure.BODY_TOO_LARGE, null);
        }
        return Outcome.answer(response.statusCode(), response.headers(), response.body());
    }

    /** The first telling exception in the chain decides: no connection at all, the client's own timeout, or anything else. */
    static Failure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return Failure.UNREACHABLE;
            }
            if (t instanceof HttpTimeoutException) {
                return Failure.DEADLINE_PASSED;
            }
        }
        return Failure.CONNECTION_FAILED;
    }

    /** Collects a body up to a limit; past it, stops reading (which closes the exchange) and gives null. */
    static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (done.isDone()) {
                return; // past the limit already: what is still in flight is dropped
            }
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() > limit) {
                subscription.cancel();
                done.complete(null);
            }
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            done.complete(bytes.toByteArray());
        }
    }
}
