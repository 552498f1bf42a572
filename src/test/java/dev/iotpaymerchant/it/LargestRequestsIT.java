package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.advanceClock;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.dispatch;
import static dev.iotpaymerchant.it.Backend.events;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.sweep;
import static dev.iotpaymerchant.it.Backend.sweepUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Limits agree end to end (issue #30, PAYMENT-SAFETY 12): the largest requests the API accepts, every
 * text at its limit and the body at its 16 KB, full of what JSON escapes (quotes, backslashes, line
 * breaks, control characters such as U+0001, six characters each once escaped) and of four-byte
 * UTF-8, go through their whole lifecycle: stored as sent, answered again for their Idempotency-Key,
 * paid, paid twice and refunded, expired, cancelled, and every event delivered to the observers and
 * the signed webhook. Nothing a merchant or payer put in a request can make a notification, a sweep,
 * an expiry or a cancel fail. On H2 here; on PostgreSQL with -Ppostgresql.
 */
@ExtendWith(ArquillianExtension.class)
class LargestRequestsIT {

    /** The API's body limit (BodySizeLimit), which bounds every copy of a request. */
    private static final int MAX_BODY_BYTES = 16 * 1024;
    /** Beside this deployment's own port, so that helpers running their own deployments never share it. */
    private static final int RECEIVER_PORT = Integer.parseInt(System.getProperty("it.port", "18080")) + 1;
    private static final WebhookReceiver RECEIVER = receiver();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("webhooks.url=" + WebhookReceiver.url(RECEIVER_PORT) + "\n"
                + "webhooks.secret=" + WebhookReceiver.SECRET + "\n"
                + "orders.reconcile.interval-seconds=2\norders.reconcile.after-seconds=10\n"
                + "webhooks.retry-schedule-seconds=5\n");
    }

    private static WebhookReceiver receiver() {
        try {
            return new WebhookReceiver(RECEIVER_PORT);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the test webhook receiver cannot listen on " + RECEIVER_PORT, e);
        }
    }

    /**
     * The largest request of every operation of the contract, built from openapi.yaml
     * ({@link ContractRequests}), through the whole lifecycle ({@link ContractLimitsLifecycle}):
     * nothing answers 5xx, everything is stored as sent, and every webhook verifies.
     */
    @Test
    void theLargestRequestOfEveryOperationOfTheContractGoesThroughTheWholeLifecycle() {
        long started = System.nanoTime();
        new ContractLimitsLifecycle(RECEIVER).run();
        assertEquals(ContractRequests.operations(), ContractRequests.built(), "every operation of the contract was sent its largest request");
        System.out.printf("LargestRequestsIT: the largest request of all %d operations through their lifecycle in %d s%n",
                ContractRequests.operations().size(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void theLargestCheckoutIsStoredAsSentPaidAnnouncedAndRefundedWithTheLargestReason() {
        JsonObject request = largestCheckout();
        HttpResponse<String> made = postJson("/api/checkouts", request.toString());
        assertEquals(201, made.statusCode(), made.body());
        String checkoutId = json(made).getString("checkoutId");
        assertStoredAsSent(request, json(made));
        assertStoredAsSent(request, checkout(checkoutId));
        HttpResponse<String> again = postJson("/api/checkouts", request.toString());
        assertEquals(200, again.statusCode(), "the same reference and request: the same checkout; " + again.body());

        String attempt = pay(checkoutId);
        payAtGateway(attempt, true);
        assertEquals("PAID", awaitStatus(attempt, "PAID", Duration.ofSeconds(15)), "IOTPay's notification was recorded");
        JsonObject paid = checkout(checkoutId);
        assertEquals("PAID", paid.getString("status"));
        assertEquals(attempt, paid.getString("paidOrder"));
        assertEquals(request.getJsonObject("metadata"), delivered(attempt, "checkout.paid").getJsonObject("metadata"));

        String reason = "\"Returned\\ \uD83D\uDE00\u4e2d\u00e9 </b>&=" + "r".repeat(64);
        String refundBody = Json.createObjectBuilder().add("amount", 1).add("reason", reason.substring(0, 64)).build().toString();
        String key = "refund-" + UUID.randomUUID();
        HttpResponse<String> refunded = post("/api/orders/" + attempt + "/refunds", refundBody, Optional.of(key));
        assertEquals(201, refunded.statusCode(), refunded.body());
        assertEquals(reason.substring(0, 64), json(refunded).getString("reason"));
        HttpResponse<String> replayed = post("/api/orders/" + attempt + "/refunds", refundBody, Optional.of(key));
        assertEquals(201, replayed.statusCode(), replayed.body());
        assertEquals(json(refunded).getString("refundNo"), json(replayed).getString("refundNo"), "one refund for one key");
        awaitRefunds(attempt, 1);
        assertEquals(reason.substring(0, 64), delivered(attempt, "refund.succeeded").getString("reason"));
    }

    @Test
    void theLargestCheckoutMadeWithAKeyIsAnsweredAgainAndPaidTwiceIsAnnouncedAndRefunded() {
        JsonObject request = largestCheckout();
        String key = "checkout-" + UUID.randomUUID();
        HttpResponse<String> made = post("/api/checkouts", request.toString(), Optional.of(key));
        assertEquals(201, made.statusCode(), made.body());
        HttpResponse<String> replayed = post("/api/checkouts", request.toString(), Optional.of(key));
        assertEquals(201, replayed.statusCode(), replayed.body());
        assertEquals(made.body(), replayed.body(), "the stored answer, whole");
        String checkoutId = json(made).getString("checkoutId");
        assertStoredAsSent(request, json(replayed));

        String first = pay(checkoutId);
        String second = pay(checkoutId);
        payAtGateway(first, true);
        payAtGateway(second, true);
        assertEquals("PAID", awaitStatus(first, "PAID", Duration.ofSeconds(15)));
        assertEquals("PAID", awaitStatus(second, "PAID", Duration.ofSeconds(15)), "the extra payment was recorded too");
        JsonObject paid = checkout(checkoutId);
        assertEquals("PAID", paid.getString("status"));
        assertEquals(first, paid.getString("paidOrder"));
        assertEquals(request.getJsonObject("metadata"), delivered(first, "checkout.paid").getJsonObject("metadata"));
        JsonObject overpaid = delivered(second, "checkout.overpaid");
        assertEquals(request.getJsonObject("metadata"), overpaid.getJsonObject("metadata"));
        assertEquals(2, overpaid.getJsonArray("payments").size());

        JsonObject refund = awaitRefunds(second, 1).getJsonObject(0);
        assertEquals(1999, refund.getJsonNumber("amount").longValue(), "the extra payment, in full");
        assertEquals("SUCCEEDED", refund.getString("status"));
        delivered(second, "refund.succeeded");
    }

    @Test
    void theLargestCheckoutExpiresOnTheClockAndItsAttemptIsClosed() {
        JsonObject request = largestCheckout();
        HttpResponse<String> made = post("/api/checkouts", request.toString(), Optional.of("expiring-" + UUID.randomUUID()));
        assertEquals(201, made.statusCode(), made.body());
        String checkoutId = json(made).getString("checkoutId");
        String attempt = pay(checkoutId);

        advanceClock(Duration.ofSeconds(request.getInt("expiresInSeconds") + 1));
        sweep();
        assertEquals("EXPIRED", checkout(checkoutId).getString("status"));
        assertEquals(request.getJsonObject("metadata"), delivered(checkoutId, "checkout.expired").getJsonObject("metadata"));
        assertEquals("CLOSED", sweepUntil(attempt, "CLOSED", Duration.ofSeconds(1)), "closed once IOTPay said unpaid");
    }

    @Test
    void theLargestCheckoutIsCancelledAndItsLatePaymentAnnouncedAndRefunded() {
        JsonObject request = largestCheckout();
        String checkoutId = json(created(postJson("/api/checkouts", request.toString()))).getString("checkoutId");
        String attempt = pay(checkoutId);
        HttpResponse<String> cancelled = postJson("/api/checkouts/" + checkoutId + "/cancel", "");
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals("CANCELLED", json(cancelled).getString("status"));
        assertEquals(request.getJsonObject("metadata"), delivered(checkoutId, "checkout.cancelled").getJsonObject("metadata"));

        payAtGateway(attempt, true); // the payer paid in the wallet anyway
        String status = awaitStatus(attempt, "PAID", Duration.ofSeconds(15));
        assertTrue(List.of("PAID", "PAID_AFTER_CLOSE").contains(status), status);
        assertEquals(request.getJsonObject("metadata"), delivered(attempt, "checkout.overpaid").getJsonObject("metadata"));
        assertEquals("SUCCEEDED", awaitRefunds(attempt, 1).getJsonObject(0).getString("status"));
    }

    /** A checkout's events carry every attempt: eighty of them overflowed the event's old 8,000 characters, without any metadata. */
    @Test
    void aCheckoutOfEightyAttemptsIsPaidAndAnnouncedWithEveryAttempt() {
        String checkoutId = json(created(postJson("/api/checkouts", "{\"amount\":1999,\"subject\":\"Many tries\"}")))
                .getString("checkoutId");
        String last = null;
        for (int i = 0; i < 80; i++) {
            last = pay(checkoutId);
        }
        payAtGateway(last, true);
        assertEquals("PAID", awaitStatus(last, "PAID", Duration.ofSeconds(15)), "IOTPay's notification was recorded");
        assertEquals("PAID", checkout(checkoutId).getString("status"));
        JsonObject paid = delivered(last, "checkout.paid");
        assertEquals(80, paid.getJsonArray("payments").size());
        assertTrue(paid.toString().length() > 8000, "longer than the event's old column: " + paid.toString().length());
    }

    /**
     * The order path has no copy longer than its column (its texts are at most 64 and 255 characters,
     * and the other copies are cut knowingly): the largest order is answered again for its key, paid,
     * refunded and announced.
     */
    @Test
    void theLargestOrderIsAnsweredAgainPaidAndAnnounced() {
        JsonObject request = Json.createObjectBuilder().add("channelId", "WX_APP").add("amount", 1999)
                .add("subject", text("S", 64)).add("body", text("B", 255))
                .add("param1", text("1&=", 64)).add("param2", text("2%+", 64)).build();
        String key = "order-" + UUID.randomUUID();
        HttpResponse<String> made = post("/api/orders", request.toString(), Optional.of(key));
        assertEquals(201, made.statusCode(), made.body());
        HttpResponse<String> replayed = post("/api/orders", request.toString(), Optional.of(key));
        assertEquals(made.body(), replayed.body(), "the stored answer, whole");
        String number = json(made).getString("mchOrderNo");

        payAtGateway(number, true);
        assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(15)));
        delivered(number, "payment.succeeded");
    }

    // ---- the largest checkout -------------------------------------------------------------------

    /**
     * Every field at its limit: subject 64, body 255, reference 64 visible ASCII, payer 255, param1 and
     * param2 64, 20 metadata keys of 40 characters with values of 500, as many of them U+0001 (six
     * bytes each in JSON) as the 16 KB body still takes.
     */
    static JsonObject largestCheckout() {
        String unique = UUID.randomUUID().toString().replace("-", "");
        JsonObject largest = null;
        for (int controls = 0; controls <= 20 * 480; controls++) {
            JsonObjectBuilder metadata = Json.createObjectBuilder();
            for (int i = 0; i < 20; i++) {
                metadata.add(text(String.format("k%02d", i), 40), value(i, controls / 20 + (i < controls % 20 ? 1 : 0)));
            }
            JsonObject candidate = Json.createObjectBuilder().add("amount", 1999).add("currency", "CAD")
                    .add("subject", text("Kettle", 64)).add("body", text("A blue kettle", 255))
                    .add("reference", (unique + "\"\\{}<>&=%+").concat("~".repeat(64)).substring(0, 64))
                    .add("payer", text("payer", 255)).add("expiresInSeconds", 7200).add("metadata", metadata)
                    .add("param1", text("1&=", 64)).add("param2", text("2%+", 64)).build();
            if (candidate.toString().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                break;
            }
            largest = candidate;
        }
        assertTrue(largest.toString().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES - 64, "at the body limit");
        assertTrue(largest.toString().length() > 12_210, "more than the issue's checkout");
        return largest;
    }

    /** {@code length} UTF-16 units: what JSON escapes and four-byte characters, without control characters. */
    private static String text(String start, int length) {
        StringBuilder text = new StringBuilder(start).append(" \"quoted\" back\\slash \uD83D\uDE00\uD83D\uDCB3 \u4e2d\u6587 \u00e9 </script>");
        while (text.length() < length) {
            text.append((char) ('a' + text.length() % 26));
        }
        return whole(text.substring(0, length));
    }

    /** 500 UTF-16 units: {@code controls} U+0001, then line breaks, tabs, quotes, backslashes, emoji and CJK. */
    private static String value(int index, int controls) {
        StringBuilder value = new StringBuilder("\u0001".repeat(controls)).append("\n\t\"\\\uD83D\uDE00\u4e2d\u00e9\r\b\f\u001f")
                .append(index);
        while (value.length() < 500) {
            value.append(value.length() % 7 == 0 ? "\uD83D\uDCB3" : String.valueOf((char) ('a' + (value.length() + index) % 26)));
        }
        return whole(value.substring(0, 500));
    }

    /** A text cut in the middle of a four-byte character ends with a letter instead of half of it. */
    private static String whole(String text) {
        return Character.isHighSurrogate(text.charAt(text.length() - 1)) ? text.substring(0, text.length() - 1) + "x" : text;
    }

    private static void assertStoredAsSent(JsonObject request, JsonObject checkout) {
        for (String field : List.of("subject", "body", "reference", "payer", "param1", "param2")) {
            assertEquals(request.getString(field), checkout.getString(field), field);
        }
        assertEquals(request.getJsonObject("metadata"), checkout.getJsonObject("metadata"), "the metadata, as sent");
        assertEquals(1999, checkout.getJsonNumber("amount").longValue());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static HttpResponse<String> post(String path, String body, Optional<String> key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Backend.BASE + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        key.ifPresent(k -> request.header("Idempotency-Key", k));
        return Backend.send(request);
    }

    private static HttpResponse<String> created(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        return response;
    }

    private static String pay(String checkoutId) {
        return json(created(postJson("/api/checkouts/" + checkoutId + "/payments", "{\"channelId\":\"WX_APP\"}")))
                .getString("mchOrderNo");
    }

    private static JsonObject checkout(String checkoutId) {
        HttpResponse<String> found = get("/api/checkouts/" + checkoutId);
        assertEquals(200, found.statusCode(), found.body());
        return json(found);
    }

    /**
     * Dispatches until the one event of {@code type} filed under {@code key} (an order number, or a
     * checkout id) was delivered to the observers and to the webhook, whose signed body says the same;
     * returns its data. Fails after 15 s.
     */
    private static JsonObject delivered(String key, String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonObject found = null;
        do {
            dispatch();
            var matching = events(key).stream().map(JsonObject.class::cast).filter(e -> e.getString("type").equals(type)).toList();
            assertTrue(matching.size() <= 1, "one " + type + " event: " + matching);
            found = matching.isEmpty() ? null : matching.get(0);
            if (found != null && found.getString("observers").equals("DELIVERED") && found.getString("webhook").equals("DELIVERED")) {
                String eventId = found.getString("eventId");
                JsonObject sent = RECEIVER.all().stream().filter(r -> r.verified() && r.id().equals(eventId))
                        .map(WebhookReceiver.Received::json).findFirst().orElseThrow(() -> new AssertionError("no signed webhook " + eventId));
                assertEquals(found.getJsonObject("data"), sent.getJsonObject("data"), "the webhook carries the event's data");
                return found.getJsonObject("data");
            }
            pause(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the " + type + " event of " + key + " was not delivered within 15 s: " + found);
    }

    /** Dispatches and sweeps until the order has {@code count} settled refunds; fails after 20 s. */
    private static jakarta.json.JsonArray awaitRefunds(String mchOrderNo, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            dispatch();
            var refunds = json(get("/api/orders/" + mchOrderNo + "/refunds")).getJsonArray("refunds");
            if (refunds.size() == count && refunds.stream().map(JsonObject.class::cast)
                    .noneMatch(r -> List.of("UNKNOWN", "PROCESSING").contains(r.getString("status")))) {
                return refunds;
            }
            assertTrue(refunds.size() <= count, "at most " + count + " refunds: " + refunds);
            sweep();
        }
        throw new AssertionError("no " + count + " settled refunds of " + mchOrderNo + " within 20 s: "
                + json(get("/api/orders/" + mchOrderNo + "/refunds")));
    }
}
