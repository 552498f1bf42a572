package dev.iotpaymerchant.itsupport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.iotpaymerchant.events.entity.PaymentEvent;

/**
 * Test-only: tells a witness in the test's JVM ({@code it.witness-url}, set only by the cluster soak
 * test) when a test observer method starts and ends on an event, and on which node
 * ({@code IT_NODE_NAME}), so the test can show that every event reached each method at least once
 * and never twice at the same time, across nodes that are killed. The calls are synchronous: an end
 * is known to the witness before the delivery is recorded, so a later delivery elsewhere cannot
 * seem to overlap it. Without the setting it does nothing.
 */
@ApplicationScoped
public class DeliveryWitness {

    private static final Logger LOG = Logger.getLogger(DeliveryWitness.class.getName());
    private static final String NODE = System.getenv().getOrDefault("IT_NODE_NAME", "node");

    private final Optional<String> url = ConfigProvider.getConfig().getOptionalValue("it.witness-url", String.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Runs the observer method's work between a start and an end told to the witness (the end also when it throws). */
    public void around(String method, PaymentEvent event, Runnable work) {
        if (url.isEmpty()) {
            work.run();
            return;
        }
        String call = UUID.randomUUID().toString();
        tell("start", call, method, event);
        try {
            work.run();
        } finally {
            tell("end", call, method, event);
        }
    }

    private void tell(String phase, String call, String method, PaymentEvent event) {
        String query = "phase=" + phase + "&call=" + call + "&method=" + method + "&node=" + encode(NODE)
                + "&event=" + encode(event.eventId()) + "&type=" + encode(event.type().wireName());
        try {
            http.send(HttpRequest.newBuilder(URI.create(url.get() + "?" + query)).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            // the test then misses this call, and says so
            LOG.log(Level.WARNING, "The delivery witness did not hear of " + phase + " " + method + " " + event.eventId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
