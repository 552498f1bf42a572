package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.advanceClock;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.createCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.dispatch;
import static dev.iotpaymerchant.it.Backend.event;
import static dev.iotpaymerchant.it.Backend.events;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.status;
import static dev.iotpaymerchant.it.Backend.sweep;
import static dev.iotpaymerchant.it.Backend.sweepUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkouts (issue #19): the merchant sets the price, the payer pays it. Their lifecycle on the
 * sandbox gateway, with the test clock and sweep driving expiry; two attempts paid give exactly
 * one checkout.paid, one checkout.overpaid and one full refund of the extra order. Who may set a
 * price (api.auth=jwt) is in AuthenticationIT.
 */
@ExtendWith(ArquillianExtension.class)
class CheckoutsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("orders.reconcile.interval-seconds=2\norders.reconcile.after-seconds=10\n");
    }

    @Test
    void aCheckoutIsMadeOnceForItsReferenceAndPaidByItsFirstPaidAttempt() {
        String reference = "order-" + UUID.randomUUID();
        String body = "{\"amount\":2599,\"subject\":\"Blue kettle\",\"reference\":\"" + reference
                + "\",\"metadata\":{\"sku\":\"K-1\",\"note\":\"<script>alert(1)</script>\"}}";
        HttpResponse<String> made = postJson("/api/checkouts", body);
        assertEquals(201, made.statusCode(), made.body());
        JsonObject checkout = json(made);
        String checkoutId = checkout.getString("checkoutId");
        assertTrue(checkoutId.matches("CO[A-Za-z0-9_-]{20,}"), checkoutId);
        assertTrue(made.headers().firstValue("Location").orElse("").endsWith("/api/checkouts/" + checkoutId));
        assertEquals("OPEN", checkout.getString("status"));
        assertEquals(2599, checkout.getJsonNumber("amount").longValue());
        assertEquals("<script>alert(1)</script>", checkout.getJsonObject("metadata").getString("note"), "stored as text");
        Duration open = Duration.between(OffsetDateTime.parse(checkout.getString("createdAt")),
                OffsetDateTime.parse(checkout.getString("expiresAt")));
        assertEquals(Duration.ofSeconds(1800), open, "checkouts.expire-after-seconds");

        HttpResponse<String> again = postJson("/api/checkouts", body);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(checkoutId, json(again).getString("checkoutId"), "the same reference and request: the same checkout");
        JsonObject reused = assertProblem(postJson("/api/checkouts", body.replace("2599", "2600")), 409);
        assertEquals(checkoutId, reused.getString("checkoutId"));

        JsonObject attempt = pay(checkoutId);
        assertEquals(2599, attempt.getJsonNumber("amount").longValue());
        assertEquals(checkoutId, attempt.getString("checkoutId"));
        String number = attempt.getString("mchOrderNo");
        payAtGateway(number, true);
        assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(15)));

        JsonObject paid = checkout(checkoutId);
        assertEquals("PAID", paid.getString("status"));
        assertEquals(number, paid.getString("paidOrder"));
        JsonObject data = event(number, "checkout.paid").getJsonObject("data");
        assertEquals(checkoutId, data.getString("checkoutId"));
        assertEquals(reference, data.getString("reference"), "fulfilment is keyed by the merchant's reference");
        assertEquals(number, data.getString("mchOrderNo"));
        assertEquals("K-1", data.getJsonObject("metadata").getString("sku"));
        assertEquals(2599, data.getJsonNumber("amount").longValue(), "the price the merchant set");
        JsonObject refused = assertProblem(postJson("/api/checkouts/" + checkoutId + "/payments", "{\"channelId\":\"WX_APP\"}"), 409);
        assertEquals("PAID", refused.getString("checkoutStatus"));
        assertProblem(postJson("/api/checkouts/" + checkoutId + "/cancel", ""), 409);

        JsonObject listed = json(get("/api/checkouts?reference=" + reference + "&status=PAID"));
        assertEquals(List.of(checkoutId), listed.getJsonArray("checkouts").stream()
                .map(JsonValue::asJsonObject).map(c -> c.getString("checkoutId")).toList());
    }

    @Test
    void twoAttemptsPaidGiveOnePaidCheckoutOneOverpaymentAndOneFullRefund() {
        String checkoutId = create("{\"amount\":1234,\"subject\":\"Twice\"}");
        String first = pay(checkoutId).getString("mchOrderNo");
        String second = pay(checkoutId).getString("mchOrderNo");
        payAtGateway(first, true);
        // The sandbox notifies on threads of its own: the first payment is recorded before the second is made,
        // so that it is the one that pays the checkout.
        assertEquals("PAID", awaitStatus(first, "PAID", Duration.ofSeconds(15)));
        payAtGateway(second, true);
        // The paid checkout's follow-up closes its other attempts after the first payment commits, on the
        // outbox's own schedule: the second payment finds its order still open (PAID) or closed by then
        // (PAID_AFTER_CLOSE). Either way it is extra money, overpaid and given back in full below.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String secondStatus = status(second);
        while (!List.of("PAID", "PAID_AFTER_CLOSE").contains(secondStatus) && System.nanoTime() < deadline) {
            pause(200);
            secondStatus = status(second);
        }
        assertTrue(List.of("PAID", "PAID_AFTER_CLOSE").contains(secondStatus), secondStatus);

        JsonObject checkout = checkout(checkoutId);
        assertEquals("PAID", checkout.getString("status"));
        assertEquals(first, checkout.getString("paidOrder"));
        assertEquals(List.of(second), checkout.getJsonArray("extraPayments").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        event(first, "checkout.paid");
        event(second, "checkout.overpaid");
        assertEquals(0, events(first).stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals("checkout.overpaid")).count());
        assertEquals(0, events(second).stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals("checkout.paid")).count());

        JsonObject refund = awaitOneRefund(second);
        assertEquals(1234, refund.getJsonNumber("amount").longValue(), "the extra order, in full");
        assertEquals("SUCCEEDED", refund.getString("status"));
        dispatch(); // a redelivery of checkout.overpaid refunds nothing more
        assertEquals(1, json(get("/api/orders/" + second + "/refunds")).getJsonArray("refunds").size());
        assertEquals(0, json(get("/api/orders/" + first + "/refunds")).getJsonArray("refunds").size());
        JsonObject shown = checkout(checkoutId).getJsonArray("payments").stream().map(JsonValue::asJsonObject)
                .filter(p -> p.getString("mchOrderNo").equals(second)).findFirst().orElseThrow();
        assertEquals(1234, shown.getJsonNumber("refundedAmount").longValue(), "the refund shows on the checkout too");
        assertEquals(1234, json(get("/api/orders/" + second)).getJsonNumber("refundedAmount").longValue());
    }

    @Test
    void anOpenCheckoutExpiresOnTheClockAndItsAttemptIsClosedAfterAskingIotPay() {
        String checkoutId = create("{\"amount\":990,\"subject\":\"Soon gone\",\"expiresInSeconds\":120}");
        String attempt = pay(checkoutId).getString("mchOrderNo");
        advanceClock(Duration.ofSeconds(121));
        sweep();
        assertEquals("EXPIRED", checkout(checkoutId).getString("status"));
        event(checkoutId, "checkout.expired");
        assertEquals("CLOSED", sweepUntil(attempt, "CLOSED", Duration.ofSeconds(1)), "closed once IOTPay said unpaid");
        assertProblem(postJson("/api/checkouts/" + checkoutId + "/payments", "{\"channelId\":\"WX_APP\"}"), 409);
    }

    @Test
    void aCancelledCheckoutsLatePaymentIsRecordedAnnouncedAndRefunded() {
        String checkoutId = create("{\"amount\":1500,\"subject\":\"Changed my mind\"}");
        String attempt = pay(checkoutId).getString("mchOrderNo");
        HttpResponse<String> cancelled = postJson("/api/checkouts/" + checkoutId + "/cancel", "");
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals("CANCELLED", json(cancelled).getString("status"));
        event(checkoutId, "checkout.cancelled");
        assertProblem(postJson("/api/checkouts/" + checkoutId + "/cancel", ""), 409);

        payAtGateway(attempt, true); // the payer paid in the wallet anyway
        String status = awaitStatus(attempt, "PAID", Duration.ofSeconds(15));
        assertTrue(List.of("PAID", "PAID_AFTER_CLOSE").contains(status), status);
        assertEquals("CANCELLED", checkout(checkoutId).getString("status"));
        event(attempt, "checkout.overpaid");
        assertEquals(1500, awaitOneRefund(attempt).getJsonNumber("amount").longValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"amount\":100,\"subject\":\"x\",\"expiresInSeconds\":0}",
            "{\"amount\":100,\"subject\":\"x\",\"expiresInSeconds\":7201}",
            "{\"amount\":100,\"subject\":\"x\",\"payer\":\"line\\nbreak\"}",
            "{\"amount\":100,\"subject\":\"x\",\"metadata\":{\"a\":1}}",
            "{\"amount\":100,\"subject\":\"x\",\"metadata\":{\"a\":\"" + "v" + "\"},\"unknown\":true}",
            "{\"amount\":0,\"subject\":\"x\"}",
            "{\"subject\":\"x\"}",
            "{\"amount\":100}"})
    void badCheckoutsAre400sAndReachNothing(String body) {
        long calls = createCallsAtGateway();
        assertProblem(postJson("/api/checkouts", body), 400);
        assertEquals(calls, createCallsAtGateway());
    }

    @Test
    void tooMuchMetadataIsA400AndUnknownCheckoutsAre404s() {
        String metadata = IntStream.range(0, 21).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(","));
        assertProblem(postJson("/api/checkouts", "{\"amount\":100,\"subject\":\"x\",\"metadata\":{" + metadata + "}}"), 400);
        assertProblem(postJson("/api/checkouts", "{\"amount\":100,\"subject\":\"x\",\"metadata\":{\"k\":\""
                + "v".repeat(501) + "\"}}"), 400);
        assertProblem(get("/api/checkouts/COnothingHere00000000000"), 404);
        assertProblem(get("/api/checkouts/not-a-checkout"), 404);
        assertProblem(postJson("/api/checkouts/COnothingHere00000000000/payments", "{\"channelId\":\"WX_APP\"}"), 404);
        assertProblem(postJson("/api/checkouts/COnothingHere00000000000/cancel", ""), 404);
    }

    @Test
    void aCheckoutIsPaidThroughAQrCodeAndTheGuidesApiTakesTheBrowserChannels() {
        String checkoutId = create("{\"amount\":2500,\"subject\":\"Scanned\"}");
        HttpResponse<String> paid = postJson("/api/checkouts/" + checkoutId + "/payments",
                "{\"channelId\":\"ALIPAY_QR\"}");
        assertEquals(201, paid.statusCode(), paid.body());
        JsonObject attempt = json(paid);
        String number = attempt.getString("mchOrderNo");
        JsonObject next = attempt.getJsonObject("nextAction");
        assertEquals("qr", next.getString("type"));
        assertEquals(2500, attempt.getInt("amount"), "the checkout's price");
        assertEquals(200, Backend.postTo(next.getString("content"), "/pay", "application/x-www-form-urlencoded", "")
                .statusCode());
        assertEquals("PAID", json(get("/api/orders/" + number + "?wait=10&known=PENDING")).getString("status"));
        assertEquals("PAID", checkout(checkoutId).getString("status"));

        String other = create("{\"amount\":900,\"subject\":\"In WeChat\"}");
        long calls = createCallsAtGateway();
        assertProblem(get("/api/pay?checkout=" + other + "&channelid=WX_JSAPI"), 400); // no returnurl
        assertProblem(postJson("/api/checkouts/" + other + "/payments",
                "{\"channelId\":\"ALIPAY_WAP\",\"returnUrl\":\"https://evil.example/\",\"osType\":\"IOS\"}"), 400);
        assertEquals(calls, createCallsAtGateway());
        HttpResponse<String> viaGuide = get("/api/pay?checkout=" + other + "&channelid=WX_JSAPI&returnurl="
                + java.net.URLEncoder.encode(Backend.BASE + "/shop/back", java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, viaGuide.statusCode(), viaGuide.body());
        assertTrue(json(viaGuide).getString("url").contains("/sandbox/wallet/"), "IOTPay's payForSubmit answer, as the guide passes it on");
    }

    @Test
    void aCheckoutPastItsExpiryTakesNoAttemptEvenBeforeTheExpiryTimerRan() {
        String checkoutId = create("{\"amount\":700,\"subject\":\"Too late\",\"expiresInSeconds\":60}");
        long calls = createCallsAtGateway();
        advanceClock(Duration.ofSeconds(61)); // no sweep: the expiry timer has not recorded it
        JsonObject refused = assertProblem(postJson("/api/checkouts/" + checkoutId + "/payments", "{\"channelId\":\"WX_APP\"}"), 409);
        assertEquals("urn:iotpay-merchant:problem:checkout-not-open", refused.getString("type"));
        assertEquals("EXPIRED", refused.getString("checkoutStatus"));
        assertProblem(get("/api/pay?checkout=" + checkoutId + "&channelid=WX_APP"), 409);
        assertEquals(calls, createCallsAtGateway(), "IOTPay heard of no attempt");
        assertEquals(0, checkout(checkoutId).getJsonArray("payments").size(), "no attempt stored");
    }

    @Test
    void aNewAttemptClosesByItsCheckoutsExpiryAtTheLatest() {
        HttpResponse<String> made = postJson("/api/checkouts", "{\"amount\":800,\"subject\":\"Ten minutes\",\"expiresInSeconds\":600}");
        assertEquals(201, made.statusCode(), made.body());
        String checkoutId = json(made).getString("checkoutId");
        String attempt = pay(checkoutId).getString("mchOrderNo");
        JsonObject stored = json(get("/it-support/control/attempt/" + attempt));
        assertEquals(checkoutId, stored.getString("checkoutId"));
        assertTrue(stored.containsKey("closeBy"), "no close_by: it would stay payable for orders.expire-after-seconds");
        assertEquals(OffsetDateTime.parse(checkout(checkoutId).getString("expiresAt")).toInstant(), // as stored
                OffsetDateTime.parse(stored.getString("closeBy")).toInstant(), "close_by: the checkout's expiry");
    }

    @Test
    void theGuidesPayAnswerIsIotPaysWithoutItsSign() {
        for (String query : List.of("channelid=WX_APP", "channelid=ALIPAY_QR", "channelid=WX_NATIVE&productid=kettle-1")) {
            String checkoutId = create("{\"amount\":1999,\"subject\":\"Unsigned for apps\"}");
            HttpResponse<String> paid = get("/api/pay?checkout=" + checkoutId + "&" + query);
            assertEquals(200, paid.statusCode(), paid.body());
            JsonObject answer = json(paid);
            assertEquals("SUCCESS", answer.getString("retCode"), query);
            assertTrue(answer.containsKey("payOrderId"), query + ": " + answer);
            assertFalse(answer.containsKey("sign"), query + ": IOTPay's sign is not the app's business: " + answer);
        }
        HttpResponse<String> chosen = get("/api/pay?channelid=WX_APP&amount=12.34"); // api.auth=none: any amount
        assertEquals(200, chosen.statusCode(), chosen.body());
        assertFalse(json(chosen).containsKey("sign"), chosen.body());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String create(String body) {
        HttpResponse<String> made = postJson("/api/checkouts", body);
        assertEquals(201, made.statusCode(), made.body());
        return json(made).getString("checkoutId");
    }

    private static JsonObject pay(String checkoutId) {
        HttpResponse<String> paid = postJson("/api/checkouts/" + checkoutId + "/payments", "{\"channelId\":\"WX_APP\"}");
        assertEquals(201, paid.statusCode(), paid.body());
        return json(paid);
    }

    private static JsonObject checkout(String checkoutId) {
        HttpResponse<String> found = get("/api/checkouts/" + checkoutId);
        assertEquals(200, found.statusCode(), found.body());
        return json(found);
    }

    /** Dispatches (and sweeps refunds) until the order has exactly one refund, settled; fails after 20 s. */
    private static JsonObject awaitOneRefund(String mchOrderNo) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            dispatch();
            var refunds = json(get("/api/orders/" + mchOrderNo + "/refunds")).getJsonArray("refunds");
            if (refunds.size() == 1 && !List.of("UNKNOWN", "PROCESSING").contains(refunds.getJsonObject(0).getString("status"))) {
                return refunds.getJsonObject(0);
            }
            assertTrue(refunds.size() <= 1, "one refund only: " + refunds);
            sweep();
        }
        throw new AssertionError("no settled refund of " + mchOrderNo + " within 20 s: "
                + json(get("/api/orders/" + mchOrderNo + "/refunds")));
    }

    // ---- issue #30: an attempt paid after we closed it, while its checkout is open --------------

    @Test
    void anAttemptPaidAfterItClosedWhileItsCheckoutIsOpenPaysTheCheckoutAndIsNotOfferedForRefundOrFulfilment() {
        String checkoutId = create("{\"amount\":1700,\"subject\":\"Paid after all\"}");
        String attempt = pay(checkoutId).getString("mchOrderNo");
        assertEquals(200, Backend.post("/sandbox/orders/" + attempt + "/cancel", null, "").statusCode());
        assertEquals("CLOSED", sweepUntil(attempt, "CLOSED", Duration.ofSeconds(11)), "IOTPay said cancelled");
        assertEquals("OPEN", checkout(checkoutId).getString("status"), "the payer may still pay the checkout");
        double lateBefore = paidAfterCloseCount();

        // IOTPay misbehaves: the wallet takes the money for the order it had cancelled, and says so.
        Backend.assertAcknowledged(Backend.deliver(Backend.paidNotification(json(get("/api/orders/" + attempt)))));

        assertEquals("PAID", Backend.status(attempt), "it paid its checkout: an ordinary payment");
        JsonObject checkout = checkout(checkoutId);
        assertEquals("PAID", checkout.getString("status"));
        assertEquals(attempt, checkout.getString("paidOrder"));
        event(attempt, "checkout.paid"); // the shop fulfils it
        event(attempt, "payment.succeeded");
        assertTrue(events(attempt).stream().map(JsonObject.class::cast)
                .noneMatch(e -> List.of("payment.after_close", "checkout.overpaid").contains(e.getString("type"))),
                "nothing says to refund or fulfil it: " + events(attempt));
        assertEquals(0, json(get("/api/orders/" + attempt + "/refunds")).getJsonArray("refunds").size(), "nothing refunded");

        JsonObject queue = json(get("/api/console/review-queue"));
        long listed = 0;
        for (var entry : queue.entrySet()) {
            if (entry.getValue() instanceof jakarta.json.JsonArray items) {
                assertTrue(items.size() < 100, entry.getKey() + " is cut short: the count below would not add up");
                listed += items.size();
                assertTrue(items.stream().map(JsonValue::asJsonObject).noneMatch(item ->
                        attempt.equals(item.getString("mchOrderNo", null)) || checkoutId.equals(item.getString("checkoutId", null))),
                        "not in " + entry.getKey() + ": " + items);
            }
        }
        assertEquals(listed, queue.getJsonNumber("size").longValue(), "the size counts what is listed, and nothing else");
        assertEquals(lateBefore, paidAfterCloseCount(), "no PAID_AFTER_CLOSE counted: the review-queue alert stays quiet");
    }

    /** orders_final_status_total{status="PAID_AFTER_CLOSE"}, which IotPayReviewQueueGrowing watches; 0 while absent. */
    private static double paidAfterCloseCount() {
        String metrics = Backend.ON_WILDFLY ? Backend.getFrom(Backend.HEALTH, "/prometheus").body() : get("/metrics").body();
        return metrics.lines().filter(line -> line.startsWith("orders_final_status_total{") && line.contains("status=\"PAID_AFTER_CLOSE\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
