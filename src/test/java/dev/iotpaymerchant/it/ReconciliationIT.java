package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.advanceClock;
import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.createCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.createOrder;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.event;
import static dev.iotpaymerchant.it.Backend.fault;
import static dev.iotpaymerchant.it.Backend.fulfilments;
import static dev.iotpaymerchant.it.Backend.gatewayOrder;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.ledger;
import static dev.iotpaymerchant.it.Backend.paidAfterCloseEvents;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.queryCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.send;
import static dev.iotpaymerchant.it.Backend.status;
import static dev.iotpaymerchant.it.Backend.sweep;
import static dev.iotpaymerchant.it.Backend.sweepUntil;
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
 * Never lose or double-count a payment: the reconciliation sweep, expiry that asks first, the
 * late-payment watch after a close, NEEDS_REVIEW, and idempotent creation. The tests drive the
 * deployment's clock and run the sweep themselves; orders are looked at from 10 seconds of age
 * and expire after 60.
 */
@ExtendWith(ArquillianExtension.class)
class ReconciliationIT {

    private static final Duration SETTLES_WITHIN = Duration.ofSeconds(15);
    /** Past the first check of a new order. */
    private static final Duration DUE = Duration.ofSeconds(11);
    /** Past expiry. */
    private static final Duration EXPIRED = Duration.ofSeconds(61);
    /** Past the longest back-off between two checks. */
    private static final Duration BACKED_OFF = Duration.ofMinutes(31);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("""
                orders.reconcile.interval-seconds=2
                orders.reconcile.after-seconds=10
                orders.expire-after-seconds=60
                events.dispatch-interval-seconds=2
                """);
    }

    // ---- lost notifications and unknown outcomes end as IOTPay says ------------------------

    @Test
    void aLostNotificationIsFoundByTheSweep() {
        String number = createOrder(1500).getString("mchOrderNo");
        payAtGateway(number, false);
        assertEquals("PAID", sweepUntil(number, "PAID", DUE));
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
        assertEquals("UNKNOWN", status(number));

        if (recordedAtIotPay) {
            payAtGateway(number, false); // the payer paid; IOTPay's notification never arrives
            assertEquals("PAID", sweepUntil(number, "PAID", DUE));
            assertEquals(1, fulfilments(number));
        } else {
            assertEquals("FAILED", sweepUntil(number, "FAILED", DUE));
            event(number, "order.failed");
        }
        assertEquals(creates + 1, createCallsAtGateway(), "no second order is ever created blind");
    }

    // ---- expiry asks first ---------------------------------------------------------------------

    @Test
    void anUnpaidOrderIsClosedOnlyAfterIotPayConfirmsIt() {
        String number = createOrder(1600).getString("mchOrderNo");
        long queries = queryCallsAtGateway();
        assertEquals("CLOSED", sweepUntil(number, "CLOSED", EXPIRED));
        assertTrue(queryCallsAtGateway() > queries, "IOTPay was asked before closing");
        assertEquals(0, gatewayOrder(number).getInt("status"), "IOTPay still shows it unpaid");
        Backend.awaitObserversDone(Backend.BASE, number);
        assertEquals("DELIVERED", event(number, "order.closed").getString("observers"));
    }

    @Test
    void anOrderPaidJustBeforeExpiryIsPaidNotClosed() {
        String number = createOrder(1700).getString("mchOrderNo");
        advanceClock(Duration.ofSeconds(59));
        payAtGateway(number, false);
        assertEquals("PAID", sweepUntil(number, "PAID", Duration.ofSeconds(2)));
        assertEquals(1, fulfilments(number));
    }

    @Test
    void anOrderCancelledAtIotPayIsClosed() {
        String number = createOrder(1750).getString("mchOrderNo");
        assertEquals(200, post("/sandbox/orders/" + number + "/cancel", null, "").statusCode());
        assertEquals("CLOSED", sweepUntil(number, "CLOSED", DUE));
    }

    // ---- payments after close: announced, never fulfilled automatically, never lost ----------

    @Test
    void aPaymentAfterCloseIsKeptAcknowledgedAndAnnounced() {
        String number = createOrder(1800).getString("mchOrderNo");
        assertEquals("CLOSED", sweepUntil(number, "CLOSED", EXPIRED));
        payAtGateway(number, true);
        assertEquals("PAID_AFTER_CLOSE", awaitStatus(number, "PAID_AFTER_CLOSE", SETTLES_WITHIN));
        JsonObject atGateway = gatewayOrder(number);
        for (int i = 0; i < 50 && atGateway.getJsonArray("notifications").isEmpty(); i++) {
            pause(100); // the gateway writes down our answer after it has read it, a moment after our commit
            atGateway = gatewayOrder(number);
        }
        assertEquals("success", atGateway.getJsonArray("notifications").getJsonObject(0).getString("answer"));
        Backend.deliveredToObservers(number, "payment.after_close"); // the observers ran
        assertEquals(1, paidAfterCloseEvents(number));
        assertEquals(0, fulfilments(number), "not fulfilled automatically: a person decides");
    }

    @Test
    void aLatePaymentWhoseNotificationIsLostIsFoundByTheLatePaymentWatch() {
        String number = createOrder(1850).getString("mchOrderNo");
        assertEquals("CLOSED", sweepUntil(number, "CLOSED", EXPIRED));
        payAtGateway(number, false); // IOTPay has no close: the wallet still took the money; no notification
        assertEquals("PAID_AFTER_CLOSE", sweepUntil(number, "PAID_AFTER_CLOSE", BACKED_OFF));
        Backend.deliveredToObservers(number, "payment.after_close"); // the observers ran
        assertEquals(1, paidAfterCloseEvents(number));
        assertEquals(0, fulfilments(number));
    }

    @Test
    void theLatePaymentWatchEndsAfterItsHours() {
        String number = createOrder(1860).getString("mchOrderNo");
        assertEquals("CLOSED", sweepUntil(number, "CLOSED", EXPIRED));
        advanceClock(Duration.ofHours(49));
        sweep(); // the watch is over: the order leaves the sweep
        payAtGateway(number, false);
        advanceClock(BACKED_OFF);
        sweep();
        assertEquals("CLOSED", status(number), "no longer asked about, so the late payment is not seen");
        assertEquals(2, gatewayOrder(number).getInt("status"), "IOTPay has it paid");
    }

    // ---- a payment that does not match ---------------------------------------------------------

    @Test
    void aSignedPaymentOfAnotherAmountFoundByTheSweepNeedsReview() {
        String number = createOrder(1900).getString("mchOrderNo");
        assertEquals(200, post("/sandbox/orders/" + number + "/pay?notify=false&amount=1", null, "").statusCode());
        assertEquals("NEEDS_REVIEW", sweepUntil(number, "NEEDS_REVIEW", DUE));
        JsonObject order = json(get("/api/orders/" + number));
        assertEquals(1, order.getJsonObject("reported").getInt("amount"), order.toString());
        assertEquals(1900, order.getInt("amount"));
        assertTrue(order.getString("statusReason").startsWith("IOTPay's query_order reports a payment of 0.01 CAD (payOrderId "),
                order.getString("statusReason"));
        assertTrue(order.getString("statusReason").endsWith(") for an order of 19.00 CAD"), "major units, as a person reads them");
        Backend.deliveredToObservers(number, "payment.needs_review"); // the observers ran
        assertEquals(1, ledger(Backend.BASE, number).getInt("needsReview"));
        assertEquals(0, fulfilments(number), "never fulfilled");
        sweep();
        assertEquals("NEEDS_REVIEW", status(number), "settled: no longer swept");
    }

    // ---- exactly once when the sweep and a notification race -----------------------------------

    @Test
    void aNotificationRacingTheSweepMakesOneTransition() {
        JsonObject order = createOrder(1950);
        String number = order.getString("mchOrderNo");
        Map<String, String> notification = paidNotification(order);
        payAtGateway(number, false);
        advanceClock(DUE);
        List<CompletableFuture<?>> sweeps = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> deliver(notification)));
            if (i % 10 == 0) {
                sweeps.add(CompletableFuture.runAsync(Backend::sweep));
            }
        }
        answers.forEach(answer -> assertAcknowledged(answer.join()));
        sweeps.forEach(CompletableFuture::join);
        assertEquals("PAID", status(number));
        assertEquals(1, fulfilments(number));
        event(number, "payment.succeeded");
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
        String body = "{\"channelId\":\"ALIPAY_WAP\",\"amount\":2400,\"osType\":\"IOS\"}";
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
