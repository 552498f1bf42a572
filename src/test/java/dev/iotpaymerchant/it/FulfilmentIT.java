package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.MERCHANT_KEY;
import static dev.iotpaymerchant.it.Backend.advanceClock;
import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.createOrder;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.dispatch;
import static dev.iotpaymerchant.it.Backend.event;
import static dev.iotpaymerchant.it.Backend.form;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.signed;
import static dev.iotpaymerchant.it.Backend.status;
import static dev.iotpaymerchant.it.Backend.sweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every paid order reaches fulfilment: the outbox, at-least-once delivery to CDI observers that
 * may fail, Standard Webhooks to a receiver that may be down, slow or redirecting; NEEDS_REVIEW;
 * and forged notifications that neither break storage nor fill it. The tests move the
 * deployment's clock through the retry schedule (5 s, 60 s, 300 s here) instead of waiting.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FulfilmentIT {

    private static final int RECEIVER_PORT = 18085;
    private static final int REFUSED_PER_MINUTE = 50;
    private static final WebhookReceiver RECEIVER = receiver();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("webhooks.url=" + WebhookReceiver.url(RECEIVER_PORT) + "\n"
                + "webhooks.secret=" + WebhookReceiver.SECRET + "\n"
                + "webhooks.timeout-ms=2000\n"
                + "webhooks.retry-schedule-seconds=5,60,300\n"
                + "events.dispatch-interval-seconds=2\n"
                + "orders.reconcile.interval-seconds=2\n"
                + "orders.reconcile.after-seconds=10\n"
                + "notifications.refused-log-per-minute=" + REFUSED_PER_MINUTE + "\n");
    }

    private static WebhookReceiver receiver() {
        try {
            return new WebhookReceiver(RECEIVER_PORT);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the test webhook receiver cannot listen on " + RECEIVER_PORT, e);
        }
    }

    @AfterEach
    void receiverUp() {
        RECEIVER.mode(WebhookReceiver.Mode.OK);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    // ---- webhooks ------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aPaymentIsAnnouncedByASignedWebhookCarryingTheOrder() {
        String number = paidOrder(2001);
        WebhookReceiver.Received hook = awaitHooks(number, list -> !list.isEmpty()).get(0);
        assertTrue(hook.verified(), "Standard Webhooks signature");
        JsonObject body = hook.json();
        assertEquals("payment.succeeded", body.getString("type"));
        assertEquals(hook.id(), body.getString("id"), "webhook-id is the event id");
        assertEquals(event(number, "payment.succeeded").getString("eventId"), hook.id());
        assertNotNull(java.time.OffsetDateTime.parse(body.getString("createdAt")));
        assertEquals(json(get("/api/orders/" + number)), body.getJsonObject("data"), "the order as the API shows it");
        long age = Math.abs(java.time.Instant.now().getEpochSecond() - Long.parseLong(hook.timestamp()));
        assertTrue(age < 60, "webhook-timestamp is unix seconds of the attempt: " + hook.timestamp());
        assertEquals("DELIVERED", awaitEvent(number, "payment.succeeded", e -> e.getString("webhook").equals("DELIVERED"))
                .getString("webhook"));
    }

    @Test
    @Order(2)
    void iotpayIsAnsweredWithoutWaitingForASlowReceiverWhichTimesOutAndIsRetried() {
        RECEIVER.mode(WebhookReceiver.Mode.BLOCK);
        JsonObject order = createOrder(2002);
        String number = order.getString("mchOrderNo");
        // The shop's fulfilment hangs too, until this test releases it (or gives up after 20 s, which it records).
        assertEquals(204, post("/it-support/fulfilments/" + number + "?hold=true", null, "").statusCode());
        try {
            assertAcknowledged(deliver(paidNotification(order)));
            // Had the answer waited for the delivery, the hold would have run out before it came: nobody released it.
            assertTrue(List.of("none", "waiting").contains(ledger(number).getString("hold")),
                    "success waits for the commit only, not for the observers: " + ledger(number));
            assertNotEquals("DELIVERED", event(number, "payment.succeeded").getString("observers"), "committed, not delivered yet");
        } finally {
            assertEquals(204, post("/it-support/fulfilments/" + number + "?release=true", null, "").statusCode());
        }
        assertEquals(1, awaitLedger(number, l -> l.getInt("succeeded") == 1).getInt("succeeded"));

        JsonObject failed = awaitEvent(number, "payment.succeeded", e -> attempts(e).size() == 1);
        assertFalse(attempts(failed).getJsonObject(0).containsKey("status"), "no answer within the timeout");
        assertTrue(attempts(failed).getJsonObject(0).getString("error").contains("2000 ms"), failed.toString());
        RECEIVER.mode(WebhookReceiver.Mode.OK);
        advanceClock(Duration.ofSeconds(5));
        JsonObject delivered = awaitEvent(number, "payment.succeeded", e -> e.getString("webhook").equals("DELIVERED"));
        assertEquals(2, attempts(delivered).size());
        assertEquals(204, attempts(delivered).getJsonObject(1).getInt("status"));
    }

    @Test
    @Order(3)
    void aReceiverDownForSeveralTriesGetsTheEventOnceItIsUpWithOneRecordPerAttempt() {
        RECEIVER.mode(WebhookReceiver.Mode.DOWN);
        String number = paidOrder(2003);
        awaitEvent(number, "payment.succeeded", e -> attempts(e).size() == 1);
        advanceClock(Duration.ofSeconds(5));
        awaitEvent(number, "payment.succeeded", e -> attempts(e).size() == 2);
        advanceClock(Duration.ofSeconds(60));
        awaitEvent(number, "payment.succeeded", e -> attempts(e).size() == 3);
        RECEIVER.mode(WebhookReceiver.Mode.OK);
        advanceClock(Duration.ofSeconds(300));
        JsonObject delivered = awaitEvent(number, "payment.succeeded", e -> e.getString("webhook").equals("DELIVERED"));

        assertEquals(List.of(503, 503, 503, 204), attempts(delivered).stream()
                .map(a -> a.asJsonObject().getInt("status")).toList());
        List<WebhookReceiver.Received> hooks = RECEIVER.forOrder(number);
        assertEquals(4, hooks.size());
        assertEquals(1, hooks.stream().map(WebhookReceiver.Received::id).distinct().count(), "one webhook-id for every retry");
        assertEquals(1, hooks.stream().map(WebhookReceiver.Received::body).distinct().count(), "the same body every time");
        assertTrue(RECEIVER.all().stream().allMatch(WebhookReceiver.Received::verified), "every signature verifies");
    }

    @Test
    @Order(4)
    void afterTheLastTryAnEventIsFailedAndNoLongerSent() {
        RECEIVER.mode(WebhookReceiver.Mode.DOWN);
        String number = paidOrder(2004);
        awaitEvent(number, "payment.succeeded", e -> attempts(e).size() == 1);
        int tries = 1;
        for (int wait : new int[] {5, 60, 300}) {
            advanceClock(Duration.ofSeconds(wait)); // each retry is due only after the one before it
            int expected = ++tries;
            awaitEvent(number, "payment.succeeded", e -> attempts(e).size() == expected);
        }
        JsonObject failed = awaitEvent(number, "payment.succeeded", e -> e.getString("webhook").equals("FAILED"));
        assertEquals(4, attempts(failed).size(), "the first try and one per scheduled wait");
        RECEIVER.mode(WebhookReceiver.Mode.OK);
        advanceClock(Duration.ofDays(1));
        dispatch();
        assertEquals(4, RECEIVER.forOrder(number).size(), "never sent again by itself");
        assertEquals("DELIVERED", event(number, "payment.succeeded").getString("observers"), "the observers are a separate destination");
    }

    @Test
    @Order(5)
    void aRedirectIsAFailedAttemptAndIsNeverFollowed() {
        RECEIVER.mode(WebhookReceiver.Mode.REDIRECT);
        String number = paidOrder(2005);
        JsonObject redirected = awaitEvent(number, "payment.succeeded", e -> attempts(e).size() == 1);
        assertEquals(302, attempts(redirected).getJsonObject(0).getInt("status"));
        assertEquals(1, RECEIVER.forOrder(number).size(), "the Location was not followed");
        RECEIVER.mode(WebhookReceiver.Mode.OK);
        advanceClock(Duration.ofSeconds(5));
        awaitEvent(number, "payment.succeeded", e -> e.getString("webhook").equals("DELIVERED"));
    }

    // ---- CDI observers ---------------------------------------------------------------------------

    @Test
    @Order(6)
    void anObserverThatThrowsTwiceIsDeliveredOnTheThirdTryWithOneBusinessEffect() {
        JsonObject order = createOrder(2006);
        String number = order.getString("mchOrderNo");
        assertEquals(204, post("/it-support/fulfilments/" + number + "?failures=2", null, "").statusCode());
        assertAcknowledged(deliver(paidNotification(order)));

        JsonObject first = awaitEvent(number, "payment.succeeded", e -> e.getBoolean("observerFailed"));
        assertEquals(1, first.getInt("observerAttempts"));
        assertEquals(1, ledger(number).getInt("auditSucceeded"), "the other observer got it on the first try");
        assertEquals(0, ledger(number).getInt("succeeded"));

        advanceClock(Duration.ofSeconds(5));
        awaitEvent(number, "payment.succeeded", e -> e.getInt("observerAttempts") == 2 && e.getBoolean("observerFailed"));
        advanceClock(Duration.ofSeconds(60));
        JsonObject delivered = awaitEvent(number, "payment.succeeded", e -> e.getString("observers").equals("DELIVERED"));
        assertEquals(3, delivered.getInt("observerAttempts"));

        JsonObject ledger = ledger(number);
        assertEquals(1, ledger.getInt("succeeded"), "one business effect");
        assertEquals(3, ledger.getInt("ledgerCalls"), "called until it returned normally");
        assertEquals(1, ledger.getInt("auditSucceeded"), "an observer that succeeded is not called again");
        assertEquals("PAID", status(number));
    }

    @Test
    @Order(12)
    void twoObserverMethodsOfOneEventInOneBeanAreEachCalledRetriedAndRecordedOnTheirOwn() {
        JsonObject order = createOrder(2012);
        String number = order.getString("mchOrderNo");
        assertEquals(204, post("/it-support/fulfilments/" + number + "?receiptFailures=2", null, "").statusCode());
        assertAcknowledged(deliver(paidNotification(order)));

        JsonObject first = awaitEvent(number, "payment.succeeded", e -> e.getBoolean("observerFailed"));
        assertEquals(1, first.getInt("observerAttempts"));
        assertTrue(first.getJsonArray("observersDone").toString().contains("FulfilmentLedger#onPaid("),
                "the shipping observer is recorded as done: " + first);
        assertFalse(first.getJsonArray("observersDone").toString().contains("FulfilmentLedger#sendReceipt("), first.toString());

        advanceClock(Duration.ofSeconds(5));
        awaitEvent(number, "payment.succeeded", e -> e.getInt("observerAttempts") == 2);
        advanceClock(Duration.ofSeconds(60));
        JsonObject delivered = awaitEvent(number, "payment.succeeded", e -> e.getString("observers").equals("DELIVERED"));
        assertEquals(3, delivered.getInt("observerAttempts"));
        assertTrue(delivered.getJsonArray("observersDone").toString().contains("FulfilmentLedger#sendReceipt("
                + "dev.iotpaymerchant.events.entity.PaymentSucceeded)"), delivered.toString());

        JsonObject ledger = ledger(number);
        assertEquals(1, ledger.getInt("succeeded"), "shipped once");
        assertEquals(1, ledger.getInt("ledgerCalls"), "the shipping observer is not called again for the receipt's retries");
        assertEquals(1, ledger.getInt("receipts"), "the receipt is sent once it works");
        assertEquals(3, ledger.getInt("receiptCalls"), "the receipt observer is retried until it returns normally");
    }

    @Test
    @Order(13)
    void aReceiverThatDripsItsAnswerIsCutOffAtTheTotalDeadline() {
        RECEIVER.mode(WebhookReceiver.Mode.DRIP);
        JsonObject order = createOrder(2013);
        String number = order.getString("mchOrderNo");
        assertAcknowledged(deliver(paidNotification(order)));

        JsonObject failed = awaitEvent(number, "payment.succeeded", e -> attempts(e).size() == 1);
        JsonObject attempt = attempts(failed).getJsonObject(0);
        assertFalse(attempt.containsKey("status"), "a 200 whose body never ends is no answer: " + failed);
        assertTrue(attempt.getString("error").contains("no whole answer within 2000 ms"), failed.toString());
        assertTrue(attempt.getJsonNumber("durationMs").longValue() < 60_000,
                "cut off at the deadline, not held for the two minutes the receiver drips: " + attempt);
        assertEquals("PENDING", failed.getString("webhook"), "tried again at the schedule's next time");
        RECEIVER.mode(WebhookReceiver.Mode.OK);
    }

    // ---- NEEDS_REVIEW ------------------------------------------------------------------------------

    @Test
    @Order(7)
    void aSignedAmountMismatchByNotificationNeedsReviewAndIsAnnounced() {
        JsonObject order = createOrder(2007);
        String number = order.getString("mchOrderNo");
        Map<String, String> notification = new LinkedHashMap<>(paidNotification(order));
        notification.put("amount", "7");
        assertAcknowledged(deliver(signed(notification, MERCHANT_KEY)));
        assertEquals("NEEDS_REVIEW", status(number));
        WebhookReceiver.Received hook = awaitHooks(number, list -> !list.isEmpty()).get(0);
        assertEquals("payment.needs_review", hook.type());
        assertEquals(7, hook.json().getJsonObject("data").getJsonObject("reported").getInt("amount"));
        assertEquals(2007, hook.json().getJsonObject("data").getInt("amount"));
    }

    // ---- hostile input -------------------------------------------------------------------------------

    @Test
    @Order(8)
    void controlCharactersAndHugeValuesInAForgedNotificationAreStoredCleanAndRefused() {
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("mchOrderNo", "MO\u0000evil\r\nX-Injected: yes");
        forged.put("payOrderId", "P\u0000");
        forged.put("mchId", Backend.MERCHANT_ID);
        forged.put("amount", "1");
        // A parameter the contract does not name (IOTPay may add some): only the body's 16 KiB bounds it.
        forged.put("note", "<script>alert(1)</script>\r\n" + "z".repeat(4000));
        forged.put("status", "2");
        forged.put("sign", "0123456789ABCDEF0123456789ABCDEF");
        assertProblem(deliver(forged), 403);
        assertProblem(deliver(signed(forged, MERCHANT_KEY)), 404);

        JsonArray latest = notifications(2);
        JsonObject unknownOrder = latest.getJsonObject(0);
        JsonObject badSign = latest.getJsonObject(1);
        assertEquals("UNKNOWN_ORDER", unknownOrder.getString("outcome"));
        assertEquals("BAD_SIGNATURE", badSign.getString("outcome"));
        assertEquals("MO?evil??X-Injected: yes", badSign.getString("mchOrderNo"));
        String parameters = badSign.getString("parameters");
        assertTrue(parameters.length() <= 4000, "bounded: " + parameters.length());
        assertTrue(parameters.contains("note=<script>alert(1)</script>??zzz"), parameters.substring(0, 200));
        assertFalse(parameters.chars().anyMatch(c -> c != '\n' && Character.isISOControl(c)), "no control characters");
        assertFalse(parameters.contains("0123456789ABCDEF"), "never the sign");

        String number = paidOrder(2008); // valid notifications are unaffected
        assertEquals("PAID", status(number));
    }

    @Test
    @Order(9)
    void aFloodOfForgedNotificationsLeavesAtMostTheConfiguredNumberOfRows() throws Exception {
        advanceClock(Duration.ofMinutes(1)); // a minute of its own
        Backend.freezeClock(true);
        try {
            long before = notificationCount("");
            Map<String, String> forged = Map.of("mchOrderNo", "MOflood", "amount", "1", "sign", "00");
            String body = form(forged);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 5000; i++) {
                    answers.add(pool.submit(() -> post("/api/notify", "application/x-www-form-urlencoded", body).statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    assertEquals(403, answer.get());
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(REFUSED_PER_MINUTE, notificationCount("") - before, "the minute's budget, and no more");
            if (!Backend.ON_WILDFLY) {
                String metrics = get("/metrics").body();
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("notifications_unrecorded_total{")
                        && l.contains("BAD_SIGNATURE")), "the rest are counted");
            }
        } finally {
            Backend.freezeClock(false);
        }
    }

    @Test
    @Order(10)
    void aReplayedGenuineNotificationIsAcknowledgedEveryTimeButLoggedOnlyWithinTheMinutesBudget() throws Exception {
        JsonObject order = createOrder(2012);
        String number = order.getString("mchOrderNo");
        Map<String, String> genuine = paidNotification(order); // captured once, replayed at will
        assertAcknowledged(deliver(genuine));
        advanceClock(Duration.ofMinutes(1)); // a minute of its own
        Backend.freezeClock(true);
        try {
            long before = notificationCount("");
            long duplicates = notificationCount("?outcome=DUPLICATE");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 3 * REFUSED_PER_MINUTE; i++) {
                    answers.add(pool.submit(() -> deliver(genuine)));
                }
                for (Future<HttpResponse<String>> answer : answers) {
                    assertAcknowledged(answer.get()); // IOTPay's own retries must still be acknowledged
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(REFUSED_PER_MINUTE, notificationCount("") - before, "the minute's budget, and no more");
            assertTrue(notificationCount("?outcome=DUPLICATE") - duplicates > 0, "the replay leaves a trace");
            if (!Backend.ON_WILDFLY) {
                assertTrue(get("/metrics").body().lines().anyMatch(l -> l.startsWith("notifications_unrecorded_total{")
                        && l.contains("DUPLICATE")), "the rest are counted");
            }
        } finally {
            Backend.freezeClock(false);
        }
        assertEquals("PAID", status(number));
        event(number, "payment.succeeded"); // exactly one
        assertEquals(1, Backend.fulfilments(number), "paid and fulfilled once");
    }

    @Test
    @Order(11)
    void theSweepPurgesRefusedNotificationsPastTheirRetentionButKeepsAppliedOnes() {
        long applied = notificationCount("?outcome=APPLIED");
        assertTrue(notificationCount("?outcome=BAD_SIGNATURE") > 0);
        advanceClock(Duration.ofDays(91));
        sweep();
        assertEquals(0, notificationCount("?outcome=BAD_SIGNATURE"));
        assertEquals(0, notificationCount("?outcome=UNKNOWN_ORDER"));
        assertEquals(applied, notificationCount("?outcome=APPLIED"), "applied notifications stay with their order");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static String paidOrder(long amount) {
        JsonObject order = createOrder(amount);
        assertAcknowledged(deliver(paidNotification(order)));
        return order.getString("mchOrderNo");
    }

    private static JsonObject ledger(String number) {
        return json(get("/it-support/fulfilments/" + number));
    }

    /** Dispatches until the test ledger for the order satisfies {@code condition} (at most 20 s). */
    private static JsonObject awaitLedger(String number, Predicate<JsonObject> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject ledger = ledger(number);
        while (!condition.test(ledger)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the ledger of " + number + " never got there: " + ledger);
            }
            dispatch();
            pause(100);
            ledger = ledger(number);
        }
        return ledger;
    }

    private static JsonArray attempts(JsonObject event) {
        return event.getJsonArray("attempts");
    }

    /** Dispatches until the order's event of {@code type} satisfies {@code condition} (at most 20 s). */
    private static JsonObject awaitEvent(String number, String type, Predicate<JsonObject> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject event = null;
        while (System.nanoTime() < deadline) {
            dispatch();
            event = Backend.events(number).stream().map(JsonObject.class::cast)
                    .filter(e -> e.getString("type").equals(type)).findFirst().orElse(null);
            if (event != null && condition.test(event)) {
                return event;
            }
            pause(100);
        }
        throw new AssertionError("the " + type + " event of " + number + " never got there: " + event);
    }

    private static List<WebhookReceiver.Received> awaitHooks(String number,
                                                             Predicate<List<WebhookReceiver.Received>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            dispatch();
            List<WebhookReceiver.Received> hooks = RECEIVER.forOrder(number);
            if (condition.test(hooks)) {
                return hooks;
            }
            pause(100);
        }
        throw new AssertionError("webhooks for " + number + ": " + RECEIVER.forOrder(number));
    }

    private static JsonArray notifications(int latest) {
        HttpResponse<String> rows = get("/it-support/control/notifications?latest=" + latest);
        assertEquals(200, rows.statusCode(), rows.body());
        return jakarta.json.Json.createReader(new java.io.StringReader(rows.body())).readArray();
    }

    private static long notificationCount(String query) {
        return json(get("/it-support/control/notifications/count" + query)).getJsonNumber("count").longValue();
    }
}
