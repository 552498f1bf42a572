package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.createCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.createOrder;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.fault;
import static dev.iotpaymerchant.it.Backend.fulfilments;
import static dev.iotpaymerchant.it.Backend.gatewayOrder;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.paidAfterCloseEvents;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.queryCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.send;
import static dev.iotpaymerchant.it.Backend.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Never lose or double-count a payment: the reconciliation sweep, expiry that asks first, payments
 * after close, and idempotent creation. The deployment runs the sweep every second, looks at
 * orders from 2 seconds of age and expires them after 8.
 */
@ExtendWith(ArquillianExtension.class)
class ReconciliationIT {

    private static final Duration SETTLES_WITHIN = Duration.ofSeconds(15);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("""
                orders.reconcile.interval-seconds=1
                orders.reconcile.after-seconds=2
                orders.expire-after-seconds=8
                """);
    }

    // ---- lost notifications and unknown outcomes end as IOTPay says ------------------------

    @Test
    void aLostNotificationIsFoundByTheSweep() {
        String number = createOrder(1500).getString("mchOrderNo");
        payAtGateway(number, false);
        assertEquals("PAID", awaitStatus(number, "PAID", SETTLES_WITHIN));
        assertEquals(1, fulfilments(number));
        assertTrue(gatewayOrder(number).getJsonArray("notifications").isEmpty(), "no notification was delivered");
    }

    @ParameterizedTest(name = "{0}, order recorded at IOTPay: {1}")
    @CsvSource({"SLOW,true", "HTTP_500,true", "HTTP_500,false", "GARBAGE,true", "REDIRECT,false", "BAD_SIGN,true"})
    void anUnknownCreateOutcomeEndsPaidOrFailedAsIotPaySays(String mode, boolean recordedAtIotPay) {
        fault("create_order", mode, recordedAtIotPay);
        long creates = createCallsAtGateway();
        JsonObject problem = assertProblem(postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":2100}"), 504);
        String number = problem.getString("mchOrderNo");
        // UNKNOWN, or already PENDING if the sweep asked IOTPay while the slow answer was on its way.
        assertTrue(Set.of("UNKNOWN", "PENDING").contains(status(number)), status(number));

        if (recordedAtIotPay) {
            payAtGateway(number, false); // the payer paid; IOTPay's notification never arrives
            assertEquals("PAID", awaitStatus(number, "PAID", SETTLES_WITHIN));
            assertEquals(1, fulfilments(number));
        } else {
            assertEquals("FAILED", awaitStatus(number, "FAILED", SETTLES_WITHIN));
        }
        assertEquals(creates + 1, createCallsAtGateway(), "no second order is ever created blind");
    }

    // ---- expiry asks first ---------------------------------------------------------------------

    @Test
    void anUnpaidOrderIsClosedOnlyAfterIotPayConfirmsIt() {
        String number = createOrder(1600).getString("mchOrderNo");
        long queries = queryCallsAtGateway();
        assertEquals("CLOSED", awaitStatus(number, "CLOSED", Duration.ofSeconds(20)));
        assertTrue(queryCallsAtGateway() > queries, "IOTPay was asked before closing");
        assertEquals(0, gatewayOrder(number).getInt("status"), "IOTPay still shows it unpaid");
    }

    @Test
    void anOrderPaidJustBeforeExpiryIsPaidNotClosed() {
        String number = createOrder(1700).getString("mchOrderNo");
        pause(7_000);
        payAtGateway(number, false);
        assertEquals("PAID", awaitStatus(number, "PAID", SETTLES_WITHIN));
        assertEquals(1, fulfilments(number));
    }

    @Test
    void anOrderCancelledAtIotPayIsClosed() {
        String number = createOrder(1750).getString("mchOrderNo");
        assertEquals(200, post("/sandbox/orders/" + number + "/cancel", null, "").statusCode());
        assertEquals("CLOSED", awaitStatus(number, "CLOSED", SETTLES_WITHIN));
    }

    @Test
    void aPaymentAfterCloseIsKeptAcknowledgedAndAnnounced() {
        String number = createOrder(1800).getString("mchOrderNo");
        assertEquals("CLOSED", awaitStatus(number, "CLOSED", Duration.ofSeconds(20)));
        payAtGateway(number, true);
        assertEquals("PAID_AFTER_CLOSE", awaitStatus(number, "PAID_AFTER_CLOSE", SETTLES_WITHIN));
        JsonObject atGateway = gatewayOrder(number);
        assertEquals("success", atGateway.getJsonArray("notifications").getJsonObject(0).getString("answer"));
        assertEquals(1, paidAfterCloseEvents(number));
        assertEquals(0, fulfilments(number), "not fulfilled automatically: a person decides");
    }

    // ---- exactly once when the sweep and a notification race -----------------------------------

    @Test
    void aNotificationRacingTheSweepMakesOneTransition() {
        JsonObject order = createOrder(1900);
        String number = order.getString("mchOrderNo");
        Map<String, String> notification = paidNotification(order);
        payAtGateway(number, false);
        // Deliver duplicates across the moment the sweep (from 2 s of age, every second) finds it paid.
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> deliver(notification)));
            pause(100);
        }
        answers.forEach(answer -> assertAcknowledged(answer.join()));
        assertEquals("PAID", status(number));
        pause(1500);
        assertEquals(1, fulfilments(number));
    }

    // ---- idempotent create ------------------------------------------------------------------

    @Test
    void theSameKeyAndBodyGiveTheSameOrderAndOneCreateAtIotPay() {
        String key = UUID.randomUUID().toString();
        String body = "{\"channelId\":\"WX_APP\",\"amount\":2200}";
        long creates = createCallsAtGateway();
        HttpResponse<String> first = withKey(key, body);
        HttpResponse<String> second = withKey(key, body);
        HttpResponse<String> respelled = withKey(key, "{ \"amount\": 2200, \"channelId\": \"WX_APP\" }");
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, second.statusCode(), second.body());
        assertEquals(201, respelled.statusCode(), respelled.body());
        String number = json(first).getString("mchOrderNo");
        assertEquals(number, json(second).getString("mchOrderNo"));
        assertEquals(number, json(respelled).getString("mchOrderNo"));
        assertEquals(first.headers().firstValue("Location"), second.headers().firstValue("Location"));
        assertEquals(creates + 1, createCallsAtGateway());
    }

    @Test
    void theSameKeyWithAnotherBodyIsUnprocessable() {
        String key = UUID.randomUUID().toString();
        assertEquals(201, withKey(key, "{\"channelId\":\"WX_APP\",\"amount\":2300}").statusCode());
        assertProblem(withKey(key, "{\"channelId\":\"WX_APP\",\"amount\":2301}"), 422);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneOrder() {
        String key = UUID.randomUUID().toString();
        String body = "{\"channelId\":\"ALIPAY_MOBILE\",\"amount\":2400,\"osType\":\"IOS\"}";
        long creates = createCallsAtGateway();
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> withKey(key, body)));
        }
        List<HttpResponse<String>> answers = requests.stream().map(CompletableFuture::join).toList();
        Set<String> numbers = answers.stream().filter(a -> a.statusCode() == 201)
                .map(a -> json(a).getString("mchOrderNo")).collect(Collectors.toSet());
        assertEquals(1, numbers.size(), "one order");
        answers.stream().filter(a -> a.statusCode() != 201).forEach(a -> assertProblem(a, 409));
        assertEquals(creates + 1, createCallsAtGateway());
        assertEquals(201, withKey(key, body).statusCode(), "once finished, the same order again");
    }

    @Test
    void aKeyStillInFlightIsAConflict() {
        String key = UUID.randomUUID().toString();
        String body = "{\"channelId\":\"WX_APP\",\"amount\":2500}";
        fault("create_order", "SLOW");
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> withKey(key, body));
        pause(1000);
        JsonObject busy = assertProblem(withKey(key, body), 409);
        HttpResponse<String> first = slow.join();
        JsonObject unknown = assertProblem(first, 504);
        assertEquals(unknown.getString("mchOrderNo"), busy.getString("mchOrderNo"));
        HttpResponse<String> replay = withKey(key, body);
        assertEquals(504, replay.statusCode());
        assertEquals(unknown.getString("mchOrderNo"), json(replay).getString("mchOrderNo"), "the same order, not a new one");
    }

    @Test
    void aBadIdempotencyKeyIsAProblem() {
        assertProblem(withKey("x".repeat(256), "{\"channelId\":\"WX_APP\",\"amount\":100}"), 400);
    }

    private static HttpResponse<String> withKey(String key, String body) {
        return send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/orders"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
