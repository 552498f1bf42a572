package dev.iotpaymerchant.fulfilment.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.iotpaymerchant.platform.control.HttpClients;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * Posts one signed webhook and says what happened. Any 2xx is delivered; a redirect (never
 * followed), any other status, a timeout or a refused connection is a failed attempt. Called
 * only outside transactions. One client for the application, closed at undeploy.
 */
@ApplicationScoped
public class WebhookSender {

    private static final int CONNECTIONS = 20;

    @Inject
    Settings settings;

    private volatile Client http;

    /** What one attempt came to; {@code status} is null when no HTTP answer arrived. */
    public record Result(Integer status, String error, Duration duration) {

        public boolean delivered() {
            return status != null && status / 100 == 2;
        }

        public String describe() {
            return error != null ? error : "HTTP " + status;
        }
    }

    public Result send(URI url, String eventId, long timestampSeconds, String body, byte[] key) {
        long started = System.nanoTime();
        try (Response response = client().target(url).request()
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", WebhookSignature.sign(key, eventId, timestampSeconds, body))
                .header("User-Agent", "iotpay-merchant-webhooks")
                .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")))) {
            drain(response);
            int status = response.getStatus();
            String error = status / 100 == 3 ? "redirect (HTTP " + status + ") not followed" : null;
            return new Result(status, error, since(started));
        } catch (ProcessingException e) {
            return new Result(null, describe(e), since(started));
        }
    }

    private String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return "no answer within " + settings.webhooksTimeout().toMillis() + " ms";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return "the receiver could not be reached";
            }
        }
        return "the connection failed before an answer arrived";
    }

    /** Reads (a bounded part of) the answer so the connection can be reused. */
    private static void drain(Response response) {
        if (!response.hasEntity()) {
            return;
        }
        try (InputStream in = response.readEntity(InputStream.class)) {
            in.readNBytes(64 * 1024);
        } catch (IOException | ProcessingException ignored) {
            // the status is what counts
        }
    }

    private Client client() {
        Client current = http;
        if (current == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClients.pooled(settings.webhooksTimeout(), settings.webhooksTimeout(), CONNECTIONS);
                }
                current = http;
            }
        }
        return current;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @PreDestroy
    void close() {
        if (http != null) {
            http.close();
        }
    }
}
