package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.createOrder;
import static dev.iotpaymerchant.it.Backend.fault;
import static dev.iotpaymerchant.it.Backend.gatewayOrder;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Refunds: full and partial, idempotent, never more than was paid (also when requests race), only
 * for paid orders, every IOTPay fault ending in the right status, the sweep settling what is
 * open, a refund IOTPay does not know failed only after the settle watch, a success after that
 * still recorded (and an over-refund put before an operator), and refund.succeeded delivered as a
 * signed webhook. The sandbox is IOTPay.
 */
@ExtendWith(ArquillianExtension.class)
class RefundsIT {

    private static final int RECEIVER_PORT = 18087;
    private static final WebhookReceiver RECEIVER = receiver();
    /** refunds.settle-watch-hours, at its default. */
    private static final Duration SETTLE_WATCH = Duration.ofHours(48);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("webhooks.url=" + WebhookReceiver.url(RECEIVER_PORT) + "\n"
                + "webhooks.secret=" + WebhookReceiver.SECRET + "\n"
                + "orders.reconcile.interval-seconds=2\n"
                + "orders.reconcile.after-seconds=10\n");
    }

    private static WebhookReceiver receiver() {
        try {
            return new WebhookReceiver(RECEIVER_PORT);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aFullRefundSucceedsShowsOnTheOrderAtIotPayAndAsASignedWebhook() {
        String number = paidOrder(2500);
        HttpResponse<String> created = refund(number, UUID.randomUUID().toString(), "{\"amount\":2500,\"reason\":\"customer changed mind\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject refund = json(created);
        String refundNo = refund.getString("refundNo");
        assertTrue(refundNo.length() <= 30 && refundNo.matches("RF[A-Za-z0-9_-]{20}"), refundNo);
        assertEquals("SUCCEEDED", refund.getString("status"));
        assertEquals(2500, refund.getInt("amount"));
        assertEquals("CAD", refund.getString("currency"));
        assertFalse(refund.isNull("refundOrderId"));
        assertTrue(refund.containsKey("succeededAt"));
        assertEquals("/api/orders/" + number + "/refunds/" + refundNo,
                URI.create(created.headers().firstValue("Location").orElseThrow()).getPath());

        assertEquals(2500, json(get("/api/orders/" + number)).getInt("refundedAmount"));
        assertEquals(refund, json(get("/api/orders/" + number + "/refunds/" + refundNo)));
        assertEquals(List.of(refund), json(get("/api/orders/" + number + "/refunds")).getJsonArray("refunds"));
        JsonObject atIotPay = gatewayOrder(number).getJsonArray("refunds").getJsonObject(0);
        assertEquals(refundNo, atIotPay.getString("mchRefundNo"), "the signed request verified at the gateway");
        assertEquals(2500, atIotPay.getInt("refundAmount"));

        List<WebhookReceiver.Received> hooks = awaitHooks(number, "refund.succeeded");
        assertTrue(hooks.get(0).verified());
        assertEquals(refundNo, hooks.get(0).json().getJsonObject("data").getString("refundNo"));
        Backend.awaitObserversDone(Backend.BASE, number);
        assertEquals(1, Backend.events(number).stream().filter(e -> e.asJsonObject().getString("type")
                .equals("payment.succeeded")).count(), "a refund never fires a second payment.succeeded");
        assertEquals("PAID", json(get("/api/orders/" + number)).getString("status"));
        if (!Backend.ON_WILDFLY) {
            String metrics = get("/metrics").body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("refunds_total{") && l.contains("SUCCEEDED")), "refunds_total");
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("iotpay_calls") && l.contains("refund_order")),
                    "the refund_order timer");
        }
    }

    @Test
    void twoPartialRefundsAddUpAndAThirdWouldExceedThePayment() {
        String number = paidOrder(1000);
        assertEquals(201, refund(number, UUID.randomUUID().toString(), "{\"amount\":300}").statusCode());
        assertEquals(201, refund(number, UUID.randomUUID().toString(), "{\"amount\":700}").statusCode());
        assertEquals(1000, json(get("/api/orders/" + number)).getInt("refundedAmount"));
        assertEquals(0, json(get("/api/orders/" + number)).getInt("refundable"));
        long calls = refundCalls();
        JsonObject refused = assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1}"), 422);
        assertEquals("0", refused.getString("refundable"));
        assertEquals(calls, refundCalls(), "nothing was sent to IOTPay");
        assertEquals(2, json(get("/api/orders/" + number + "/refunds")).getJsonArray("refunds").size());
    }

    @Test
    void concurrentRefundsRacingForTheLastCentsLetExactlyOneThrough() {
        String number = paidOrder(1000);
        assertEquals(201, refund(number, UUID.randomUUID().toString(), "{\"amount\":600}").statusCode());
        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            racing.add(CompletableFuture.supplyAsync(() -> refund(number, UUID.randomUUID().toString(), "{\"amount\":400}")));
        }
        List<HttpResponse<String>> answers = racing.stream().map(CompletableFuture::join).toList();
        assertEquals(1, answers.stream().filter(a -> a.statusCode() == 201).count(), "exactly one wins");
        answers.stream().filter(a -> a.statusCode() != 201).forEach(a -> assertProblem(a, 422));
        assertEquals(1000, json(get("/api/orders/" + number)).getInt("refundedAmount"));
        assertEquals(2, gatewayOrder(number).getJsonArray("refunds").size());
    }

    @Test
    void theSameKeyAndBodyReplayTheRefundAndAnotherBodyIsRefused() {
        String number = paidOrder(1200);
        String key = UUID.randomUUID().toString();
        long calls = refundCalls();
        HttpResponse<String> first = refund(number, key, "{\"amount\":200}");
        HttpResponse<String> again = refund(number, key, "{ \"amount\" : 200 }");
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(json(first).getString("refundNo"), json(again).getString("refundNo"));
        assertEquals(calls + 1, refundCalls(), "one refund_order");
        assertProblem(refund(number, key, "{\"amount\":201}"), 422);
        assertProblem(refund(number, null, "{\"amount\":1}"), 400);
        assertEquals(200, json(get("/api/orders/" + number)).getInt("refundedAmount"));
    }

    @Test
    void onlyPaidOrdersCanBeRefunded() {
        String pending = createOrder(900).getString("mchOrderNo");
        assertProblem(refund(pending, UUID.randomUUID().toString(), "{\"amount\":100}"), 409);
        assertEquals(0, json(get("/api/orders/" + pending)).getInt("refundable"), "nothing to refund before payment");
        String cancelled = createOrder(901).getString("mchOrderNo");
        assertEquals(200, post("/sandbox/orders/" + cancelled + "/cancel", null, "").statusCode());
        assertEquals("CLOSED", Backend.sweepUntil(cancelled, "CLOSED", Duration.ofSeconds(11)));
        assertProblem(refund(cancelled, UUID.randomUUID().toString(), "{\"amount\":100}"), 409);
        fault("create_order", "REJECT");
        String failed = assertProblem(Backend.postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":902}"), 502)
                .getString("mchOrderNo");
        assertProblem(refund(failed, UUID.randomUUID().toString(), "{\"amount\":100}"), 409);
        assertProblem(refund("MOnosuchorder000000000", UUID.randomUUID().toString(), "{\"amount\":100}"), 404);
        assertProblem(get("/api/orders/" + pending + "/refunds/RF%20%3Cscript%3E"), 404); // never reaches the database
        assertProblem(get("/api/orders?owner=" + "x".repeat(256)), 400);
        for (String bad : List.of("{\"amount\":0}", "{\"amount\":-5}", "{\"amount\":1.5}", "{\"amount\":\"5\"}", "{}",
                "{\"amount\":1,\"reason\":\"" + "x".repeat(65) + "\"}", "{\"amount\":1,\"extra\":true}", "not json")) {
            assertProblem(refund(pending, UUID.randomUUID().toString(), bad), 400);
        }
    }

    @ParameterizedTest(name = "{0}, refund recorded at IOTPay: {1} → {2}")
    @CsvSource({"HTTP_500,true,SUCCEEDED", "SLOW,true,SUCCEEDED", "GARBAGE,true,SUCCEEDED"})
    void aRefundWithoutAUsableAnswerStaysUnknownUntilTheSweepSettlesIt(String mode, boolean recorded, String settled) {
        String number = paidOrder(1300);
        fault("refund_order", mode, recorded);
        JsonObject unknown = assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1300}"), 504);
        String refundNo = unknown.getString("refundNo");
        assertEquals(number, unknown.getString("mchOrderNo"));
        assertEquals("UNKNOWN", refundStatus(number, refundNo));
        JsonObject open = json(get("/api/orders/" + number));
        assertEquals(0, open.getInt("refundedAmount"), "not refunded yet");
        assertEquals(0, open.getInt("refundable"), "but held by the UNKNOWN refund");
        long calls = refundCalls();
        assertEquals(settled, sweepUntilRefund(number, refundNo, settled));
        assertEquals(calls, refundCalls(), "asked about, never sent again");
        assertEquals(1300, json(get("/api/orders/" + number)).getInt("refundedAmount"));
        assertEquals(0, json(get("/api/orders/" + number)).getInt("refundable"));
    }

    @Test
    void aRefundIotPayDoesNotKnowStaysUnknownAndReservedUntilTheSettleWatchEndsAndOnlyThenFails() {
        String number = paidOrder(1800);
        fault("refund_order", "HTTP_500", false); // IOTPay never got it
        String refundNo = assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1800}"), 504)
                .getString("refundNo");
        long calls = refundCalls();

        Backend.advanceClock(Duration.ofSeconds(11));
        sweepUntilAnswered(number, 1);
        assertEquals("UNKNOWN", refundStatus(number, refundNo), "no such refund, yet: it may still be applied");
        assertStillReserved(number);

        Backend.advanceClock(SETTLE_WATCH.minusHours(1)); // 47 hours after it was sent
        int answered = sweepUntilAnswered(number, notFoundAnswers(number) + 1);
        assertEquals("UNKNOWN", refundStatus(number, refundNo), "asked again within the watch: still open");
        assertStillReserved(number);
        assertTrue(events(number, "refund.failed").isEmpty(), "nothing announced");

        Backend.advanceClock(Duration.ofHours(1));
        assertEquals("FAILED", sweepUntilRefund(number, refundNo, "FAILED", Duration.ofSeconds(11)));
        assertTrue(notFoundAnswers(number) > answered);
        JsonObject failed = json(get("/api/orders/" + number + "/refunds/" + refundNo));
        assertTrue(failed.getString("statusReason").contains("no such refund"), failed.toString());
        assertEquals(1800, json(get("/api/orders/" + number)).getInt("refundable"), "its amount is free again");
        assertEquals(refundNo, awaitHooks(number, "refund.failed").get(0).json().getJsonObject("data").getString("refundNo"));
        assertEquals(calls, refundCalls(), "asked about, never sent again");
    }

    @Test
    void aSuccessIotPayReportsAfterTheRefundFailedIsRecordedAndAnOverRefundWaitsForAnOperator() {
        String number = paidOrder(1000);
        fault("refund_order", "LATE", true); // IOTPay takes it, and applies it two days later
        String late = assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1000}"), 504)
                .getString("refundNo");
        Backend.advanceClock(SETTLE_WATCH.plusMinutes(1));
        assertEquals("FAILED", sweepUntilRefund(number, late, "FAILED", Duration.ofSeconds(11)));
        awaitHooks(number, "refund.failed");

        HttpResponse<String> again = refund(number, UUID.randomUUID().toString(), "{\"amount\":1000}");
        assertEquals(201, again.statusCode(), again.body());
        assertEquals("SUCCEEDED", json(again).getString("status"), "an operator refunded again");
        assertFalse(overRefundedInQueue().contains(number));

        assertEquals(200, post("/sandbox/refunds/" + late + "/apply", null, "").statusCode());
        assertEquals("SUCCEEDED", sweepUntilRefund(number, late, "SUCCEEDED", Duration.ofMinutes(31)),
                "a FAILED refund is still asked about, and IOTPay's success is recorded");
        JsonObject order = json(get("/api/orders/" + number));
        assertEquals(2000, order.getInt("refundedAmount"), "both refunds went back to the payer");
        assertEquals(0, order.getInt("refundable"));
        assertTrue(awaitHooks(number, "refund.succeeded").stream()
                .anyMatch(hook -> late.equals(hook.json().getJsonObject("data").getString("refundNo"))), "refund.succeeded");
        JsonObject overRefund = awaitHooks(number, "refund.over_refunded").get(0).json().getJsonObject("data");
        assertEquals(late, overRefund.getString("refundNo"));
        assertEquals(1000, overRefund.getInt("orderAmount"));
        assertEquals(2000, overRefund.getInt("orderRefundedAmount"));
        assertEquals(1000, overRefund.getInt("overRefunded"));
        assertEquals(1, events(number, "refund.over_refunded").size());

        assertTrue(overRefundedInQueue().contains(number), "in the review queue");
        HttpResponse<String> resolved = post("/api/console/orders/" + number + "/resolution", "application/json",
                "{\"note\":\"Asked the customer to return the second refund\"}");
        assertEquals(201, resolved.statusCode(), resolved.body());
        assertEquals("OVER_REFUNDED", json(resolved).getString("status"));
        assertFalse(overRefundedInQueue().contains(number), "resolved");
        HttpResponse<String> repeated = post("/api/console/orders/" + number + "/resolution", "application/json",
                "{\"note\":\"again\"}");
        assertEquals(200, repeated.statusCode(), repeated.body());
        assertEquals(json(resolved), json(repeated), "the same resolution");
    }

    @Test
    void aRefundIotPayRefusesFailsWithItsMessageAndFreesItsAmount() {
        String number = paidOrder(1400);
        fault("refund_order", "FAIL");
        JsonObject refused = assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1400}"), 502);
        assertTrue(refused.getString("detail").contains("refund refused by the channel"), refused.toString());
        assertEquals("FAILED", refundStatus(number, refused.getString("refundNo")));
        awaitHooks(number, "refund.failed");
        assertEquals(201, refund(number, UUID.randomUUID().toString(), "{\"amount\":1400}").statusCode());
    }

    @Test
    void aRefundStillProcessingAtIotPayIsSettledByTheSweep() {
        String number = paidOrder(1500);
        assertEquals(204, post("/sandbox/faults?operation=refund_order&mode=PROCESSING&seconds=1", null, "").statusCode());
        HttpResponse<String> processing = refund(number, UUID.randomUUID().toString(), "{\"amount\":500}");
        assertEquals(201, processing.statusCode(), processing.body());
        assertEquals("PROCESSING", json(processing).getString("status"));
        assertEquals(0, json(get("/api/orders/" + number)).getInt("refundedAmount"), "not refunded yet");
        assertEquals(1000, json(get("/api/orders/" + number)).getInt("refundable"), "the PROCESSING refund holds its 500");
        assertEquals("SUCCEEDED", sweepUntilRefund(number, json(processing).getString("refundNo"), "SUCCEEDED"));
        assertEquals(500, json(get("/api/orders/" + number)).getInt("refundedAmount"));
        assertEquals(1000, json(get("/api/orders/" + number)).getInt("refundable"));
    }

    @Test
    void withoutARefundQueryAtIotPayAnUnknownRefundStaysUnknownAndIsNeverSentAgain() {
        String number = paidOrder(1600);
        fault("refund_order", "HTTP_500", false);
        String refundNo = assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1600}"), 504)
                .getString("refundNo");
        long calls = refundCalls();
        Backend.advanceClock(Duration.ofSeconds(11));
        fault("query_refund_order", "HTTP_404");
        Backend.sweep();
        assertEquals("UNKNOWN", refundStatus(number, refundNo), "left for an operator");
        assertEquals(calls, refundCalls());
        assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1}"), 422); // still reserved
    }

    @Test
    void aRefundQueryThatFailsLeavesTheRefundOpenAndItsAmountReserved() {
        String number = paidOrder(1700);
        fault("refund_order", "HTTP_500", true);
        String refundNo = assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1700}"), 504)
                .getString("refundNo");
        Backend.advanceClock(Duration.ofSeconds(11));
        for (int i = 0; i < 5; i++) {
            fault("query_refund_order", "FAIL"); // other open refunds of this class may be asked about first
        }
        Backend.sweep();
        assertEquals("UNKNOWN", refundStatus(number, refundNo), "a busy query is no verdict");
        assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1}"), 422);
        assertEquals("SUCCEEDED", sweepUntilRefund(number, refundNo, "SUCCEEDED"));
    }

    @Test
    void aRefundKeyWhoseRequestNeverGotAnAnswerOutlivesItsRetentionWhileAFinishedOneIsPurged() {
        String number = paidOrder(1800);
        String interruptedKey = UUID.randomUUID().toString();
        // IOTPay takes the refund and carries it out slowly; the node that sent it dies before storing an answer.
        assertEquals(204, post("/sandbox/faults?operation=refund_order&mode=PROCESSING&seconds=86400", null, "").statusCode());
        HttpResponse<String> interrupted = post("/it-support/control/interrupted-refund?order=" + number
                + "&key=" + interruptedKey, "application/json", "{\"amount\":1800}");
        assertEquals(200, interrupted.statusCode(), interrupted.body());
        String refundNo = json(interrupted).getString("refundNo");
        String finished = paidOrder(1801);
        String finishedKey = UUID.randomUUID().toString();
        assertEquals(201, refund(finished, finishedKey, "{\"amount\":1801}").statusCode());

        Backend.advanceClock(Duration.ofHours(25)); // past orders.idempotency-retention-hours (24)
        Backend.sweep();
        Backend.sweep();

        assertFalse(refundKeyStored(finishedKey), "a key whose request finished is purged after its retention");
        assertTrue(refundKeyStored(interruptedKey), "a key whose request never got an answer is kept");
        assertTrue(List.of("UNKNOWN", "PROCESSING").contains(refundStatus(number, refundNo)), "the refund is not settled yet");
        long calls = refundCalls();
        JsonObject retried = assertProblem(refund(number, interruptedKey, "{\"amount\":1800}"), 504); // stopped once stored: poll it
        assertEquals(refundNo, retried.getString("refundNo"), "the client's retry finds the refund it started");
        assertEquals(calls, refundCalls(), "and never sends a second one");
        assertEquals(1, json(get("/api/orders/" + number + "/refunds")).getJsonArray("refunds").size());

        assertEquals(200, post("/sandbox/refunds/" + refundNo + "/complete", null, "").statusCode()); // IOTPay is done
        assertEquals("SUCCEEDED", sweepUntilRefund(number, refundNo, "SUCCEEDED"));
        Backend.sweep();
        assertFalse(refundKeyStored(interruptedKey), "once its refund is settled, the key past its retention goes too");
    }

    @Test
    void aProcessingRefundIotPayNoLongerKnowsIsShownToOperatorsThenFailedAfterTheSettleWatchAndALateSuccessIsRecorded() {
        String number = paidOrder(1900);
        // IOTPay takes the refund and says it is under way, but its refund query does not know it.
        assertEquals(204, post("/sandbox/faults?operation=refund_order&mode=PROCESSING&recordOrder=false&seconds=1", null, "")
                .statusCode());
        HttpResponse<String> taken = refund(number, UUID.randomUUID().toString(), "{\"amount\":1900}");
        assertEquals(201, taken.statusCode(), taken.body());
        String refundNo = json(taken).getString("refundNo");
        assertEquals("PROCESSING", json(taken).getString("status"));
        long calls = refundCalls();

        Backend.advanceClock(Duration.ofSeconds(11));
        sweepUntilAnswered(number, 1);
        assertEquals("PROCESSING", refundStatus(number, refundNo));
        assertStillReserved(number);
        Backend.advanceClock(Duration.ofMinutes(10));
        assertTrue(unsettledRefundsInQueue().contains(refundNo), "shown to operators, like an old UNKNOWN refund");

        Backend.advanceClock(SETTLE_WATCH.minusHours(1));
        sweepUntilAnswered(number, notFoundAnswers(number) + 1);
        assertEquals("PROCESSING", refundStatus(number, refundNo), "within the settle watch: still open");
        assertStillReserved(number);

        Backend.advanceClock(Duration.ofHours(1));
        assertEquals("FAILED", sweepUntilRefund(number, refundNo, "FAILED"));
        JsonObject failed = json(get("/api/orders/" + number + "/refunds/" + refundNo));
        assertTrue(failed.getString("statusReason").contains("no such refund"), failed.toString());
        assertEquals(1900, json(get("/api/orders/" + number)).getInt("refundable"), "its amount is free again");
        assertEquals(refundNo, awaitHooks(number, "refund.failed").get(0).json().getJsonObject("data").getString("refundNo"));
        assertFalse(unsettledRefundsInQueue().contains(refundNo), "settled: no longer waiting");

        assertEquals(200, post("/sandbox/refunds/" + refundNo + "/apply", null, "").statusCode()); // IOTPay knows it after all
        assertEquals(200, post("/sandbox/refunds/" + refundNo + "/complete", null, "").statusCode()); // and is done
        assertEquals("SUCCEEDED", sweepUntilRefund(number, refundNo, "SUCCEEDED", Duration.ofMinutes(31)),
                "still watched, and IOTPay's success is recorded");
        JsonObject order = json(get("/api/orders/" + number));
        assertEquals(1900, order.getInt("refundedAmount"));
        assertEquals(0, order.getInt("refundable"));
        assertEquals(calls, refundCalls(), "asked about, never sent again");
    }

    private static List<String> unsettledRefundsInQueue() {
        return json(get("/api/console/review-queue")).getJsonArray("unknownRefunds").stream().map(JsonObject.class::cast)
                .map(refund -> refund.getString("refundNo")).toList();
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** An order the payer paid at the gateway, notified and PAID here. */
    private static String paidOrder(long amount) {
        String number = createOrder(amount).getString("mchOrderNo");
        payAtGateway(number, true);
        assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(15)));
        return number;
    }

    static HttpResponse<String> refund(String number, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/orders/" + number + "/refunds"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(request);
    }

    private static String refundStatus(String number, String refundNo) {
        return json(get("/api/orders/" + number + "/refunds/" + refundNo)).getString("status");
    }

    private static String sweepUntilRefund(String number, String refundNo, String expected) {
        return sweepUntilRefund(number, refundNo, expected, Duration.ofSeconds(11));
    }

    private static String sweepUntilRefund(String number, String refundNo, String expected, Duration step) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String status = refundStatus(number, refundNo);
        while (!status.equals(expected) && System.nanoTime() < deadline) {
            Backend.advanceClock(step);
            Backend.sweep();
            Backend.pause(200);
            status = refundStatus(number, refundNo);
        }
        return status;
    }

    /** The order still holds its whole amount for the open refund: nothing more can be refunded. */
    private static void assertStillReserved(String number) {
        JsonObject order = json(get("/api/orders/" + number));
        assertEquals(0, order.getInt("refundedAmount"), "not refunded");
        assertEquals(0, order.getInt("refundable"), "but held by the open refund");
        assertProblem(refund(number, UUID.randomUUID().toString(), "{\"amount\":1}"), 422);
    }

    /** How often IOTPay's refund query answered "no such refund" about the order's refunds, as the console shows it. */
    private static int notFoundAnswers(String number) {
        return (int) json(get("/api/console/orders/" + number + "/timeline")).getJsonArray("timeline").stream()
                .map(JsonObject.class::cast).filter(entry -> entry.getString("title").equals("IOTPay query_refund → NOT_FOUND"))
                .count();
    }

    /**
     * Sweeps, without moving the clock, until the refund query has answered "no such refund" about
     * the order's refunds {@code atLeast} times (a timer sweep may be asking at the same moment).
     */
    private static int sweepUntilAnswered(String number, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int answered = notFoundAnswers(number);
        while (answered < atLeast && System.nanoTime() < deadline) {
            Backend.sweep();
            Backend.pause(100);
            answered = notFoundAnswers(number);
        }
        assertTrue(answered >= atLeast, "the refund query was asked " + answered + " times, not " + atLeast);
        return answered;
    }

    private static List<JsonObject> events(String number, String type) {
        return Backend.events(number).stream().map(JsonObject.class::cast).filter(e -> e.getString("type").equals(type))
                .toList();
    }

    private static List<String> overRefundedInQueue() {
        return json(get("/api/console/review-queue")).getJsonArray("overRefunded").stream().map(JsonObject.class::cast)
                .map(order -> order.getString("mchOrderNo")).toList();
    }

    private static boolean refundKeyStored(String key) {
        HttpResponse<String> stored = get("/it-support/control/refund-key?key=" + key);
        assertEquals(200, stored.statusCode(), stored.body());
        return json(stored).getBoolean("stored");
    }

    private static long refundCalls() {
        return json(get("/sandbox/stats")).getJsonNumber("refundOrderCalls").longValue();
    }

    private static List<WebhookReceiver.Received> awaitHooks(String number, String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Backend.dispatch();
            List<WebhookReceiver.Received> hooks = RECEIVER.forOrder(number).stream().filter(h -> h.type().equals(type)).toList();
            if (!hooks.isEmpty()) {
                return hooks;
            }
            Backend.pause(100);
        }
        throw new AssertionError("no " + type + " webhook for " + number + ": " + RECEIVER.forOrder(number));
    }
}
