package dev.iotpaymerchant.itsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;

import dev.iotpaymerchant.idempotency.boundary.IdempotentRequest;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.orders.boundary.OrdersResource;
import dev.iotpaymerchant.orders.boundary.PaymentStart;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.PaymentMethods;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * Test-only: a first {@code POST /api/orders} with an Idempotency-Key that stalls after it claimed
 * its key and before it stored its order, for longer than a request may run, so that a retry (a
 * real request to {@code /api/orders}, made meanwhile) takes the key over; then the first goes on.
 * The first request takes the steps {@code OrdersResource} takes for an order of this body:
 * <pre>{"channelId":"WX_APP","amount":…,"currency":"CAD","subject":"Overtaken","body":"Overtaken"}</pre>
 */
@ApplicationScoped
public class OvertakenOrders {

    static final String SUBJECT = "Overtaken";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    IdempotentRequests requests;

    @Inject
    PaymentStart paymentStart;

    @Inject
    PaymentMethods methods;

    @Inject
    IotPaySettings iotpay;

    /** What the retry and then the first request answered, as JSON. */
    public String overtake(String base, String key, long amount) {
        NewOrder order = new NewOrder(methods.read("channelId", "WX_APP", null, null, null), amount, "CAD", SUBJECT,
                SUBJECT, null, null, "127.0.0.1");
        Duration staleAfter = iotpay.iotpayDeadline().plusMinutes(1);
        IdempotentRequest first = new IdempotentRequest(key, IdempotencyKeys.hash(order.meaning()), "order",
                "mchOrderNo", staleAfter, OrdersResource::outcomeUnknown, named -> Optional.empty());
        JsonObjectBuilder answers = Json.createObjectBuilder();
        try {
            IdempotentRequests.Outcome outcome = requests.run(first, () -> { }, claim -> {
                AdjustableClock.advance(staleAfter.plusSeconds(1)); // the first request stalls this long
                HttpResponse<String> retry = retry(base, key, amount);
                answers.add("retry", Json.createObjectBuilder().add("status", retry.statusCode()).add("body", retry.body()));
                PaymentStart.Started started = paymentStart.start(order, Optional.empty(), Optional.of(claim)); // and goes on
                return new IdempotentRequests.Answer(201, MediaType.APPLICATION_JSON,
                        Json.createObjectBuilder().add("mchOrderNo", started.order().getMchOrderNo()).build().toString(), null);
            });
            answers.add("first", Json.createObjectBuilder().add("status", outcome.answer().status())
                    .add("replayed", outcome.replayed()).add("body", outcome.answer().body()));
        } catch (ProblemException refused) {
            answers.add("first", Json.createObjectBuilder().add("status", refused.status()).add("replayed", false)
                    .add("body", IdempotentRequests.Answer.of(refused).body()));
        }
        return answers.build().toString();
    }

    private static HttpResponse<String> retry(String base, String key, long amount) {
        String body = "{\"channelId\":\"WX_APP\",\"amount\":" + amount + ",\"currency\":\"CAD\",\"subject\":\"" + SUBJECT
                + "\",\"body\":\"" + SUBJECT + "\"}";
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/orders")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("The retry could not be sent", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the retry ran", e);
        }
    }
}
