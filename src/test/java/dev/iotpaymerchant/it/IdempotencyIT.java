package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.advanceClock;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.createCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.freezeClock;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A keyed retry is a replay, and one key runs one request (issue #30): the stored answer of an
 * Idempotency-Key comes back before any rule that may say otherwise now (the checkout was paid, the
 * rate limit ran out), and a first request whose key a retry took over stores and sends nothing.
 * Every test runs in a rate window of its own: the clock is held still, a minute on.
 */
@ExtendWith(ArquillianExtension.class)
class IdempotencyIT {

    /** Orders a caller may create a minute here (every caller is one: api.auth=none, one address). */
    private static final int RATE = 3;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("orders.create-rate-per-minute=" + RATE + "\n");
    }

    @BeforeEach
    void aRateWindowOfItsOwn() {
        freezeClock(true);
        advanceClock(Duration.ofSeconds(61));
    }

    @AfterEach
    void timeRunsAgain() {
        freezeClock(false);
    }

    @Test
    void aKeyedPaymentRetriedAfterTheCheckoutWasPaidGetsItsStored201() {
        HttpResponse<String> made = postJson("/api/checkouts", "{\"amount\":2699,\"subject\":\"Red kettle\"}");
        assertEquals(201, made.statusCode(), made.body());
        String checkoutId = json(made).getString("checkoutId");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = payWithKey(checkoutId, key);
        assertEquals(201, first.statusCode(), first.body());
        String number = json(first).getString("mchOrderNo");
        payAtGateway(number, true);
        assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(15)));
        assertEquals("PAID", json(get("/api/checkouts/" + checkoutId)).getString("status"));
        long creates = createCallsAtGateway();

        HttpResponse<String> retry = payWithKey(checkoutId, key);

        assertEquals(201, retry.statusCode(), "the stored answer, not checkout-not-open: " + retry.body());
        assertEquals(first.body(), retry.body());
        assertEquals(first.headers().firstValue("Location"), retry.headers().firstValue("Location"));
        assertEquals(creates, createCallsAtGateway(), "nothing more reached IOTPay");
        JsonObject fresh = assertProblem(payWithKey(checkoutId, UUID.randomUUID().toString()), 409);
        assertEquals("PAID", fresh.getString("checkoutStatus"), "a new key meets the checkout as it is");
    }

    @Test
    void aKeyedOrderRetriedAfterTheRateLimitRanOutGetsItsStored201AndOnlyANewKeyPaysTheLimit() {
        String key = UUID.randomUUID().toString();
        String body = "{\"channelId\":\"WX_APP\",\"amount\":2799}";
        HttpResponse<String> first = orderWithKey(key, body);
        assertEquals(201, first.statusCode(), first.body());
        for (int i = 1; i < RATE; i++) {
            assertEquals(201, postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":100}").statusCode());
        }
        assertProblem(postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":100}"), 429);
        long creates = createCallsAtGateway();

        HttpResponse<String> retry = orderWithKey(key, body);
        HttpResponse<String> retriedAgain = orderWithKey(key, body);

        assertEquals(201, retry.statusCode(), "the stored answer, not 429: " + retry.body());
        assertEquals(first.body(), retry.body());
        assertEquals(201, retriedAgain.statusCode(), "replays do not use up the limit either: " + retriedAgain.body());
        assertProblem(orderWithKey(UUID.randomUUID().toString(), body), 429);
        assertEquals(creates, createCallsAtGateway());
    }

    @Test
    void aFirstRequestWhoseStaleKeyARetryTookOverStoresAndSendsNothing() {
        String key = UUID.randomUUID().toString();
        Set<String> before = orderNumbers();
        long creates = createCallsAtGateway();

        HttpResponse<String> run = post("/it-support/control/overtaken-order?key=" + key + "&amount=2899", null, "");

        assertEquals(200, run.statusCode(), run.body());
        JsonObject retry = json(run).getJsonObject("retry");
        JsonObject first = json(run).getJsonObject("first");
        assertEquals(201, retry.getInt("status"), retry.toString());
        String number = parse(retry.getString("body")).getString("mchOrderNo");
        assertEquals(201, first.getInt("status"), first.toString());
        assertTrue(first.getBoolean("replayed"), "the first request hears the retry's answer: " + first);
        assertEquals(number, parse(first.getString("body")).getString("mchOrderNo"));
        assertEquals(creates + 1, createCallsAtGateway(), "one order at IOTPay");
        Set<String> made = orderNumbers();
        made.removeAll(before);
        assertEquals(Set.of(number), made, "the first request's order was never stored");
        HttpResponse<String> later = orderWithKey(key, "{\"channelId\":\"WX_APP\",\"amount\":2899,\"currency\":\"CAD\","
                + "\"subject\":\"Overtaken\",\"body\":\"Overtaken\"}");
        assertEquals(201, later.statusCode(), later.body());
        assertEquals(number, json(later).getString("mchOrderNo"), "the key names the retry's order for good");
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static Set<String> orderNumbers() {
        JsonObject page = json(get("/api/orders?limit=100"));
        return page.getJsonArray("orders").stream().map(JsonValue::asJsonObject).map(o -> o.getString("mchOrderNo"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static HttpResponse<String> orderWithKey(String key, String body) {
        return send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/orders"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> payWithKey(String checkoutId, String key) {
        return send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/checkouts/" + checkoutId + "/payments"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\"}")));
    }
}
