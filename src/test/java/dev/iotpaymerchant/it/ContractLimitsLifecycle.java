package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.advanceClock;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.dispatch;
import static dev.iotpaymerchant.it.Backend.events;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.Backend.sweep;
import static dev.iotpaymerchant.it.ContractRequests.largest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import dev.iotpaymerchant.it.ContractRequests.Request;

/**
 * The largest request of every operation ({@link ContractRequests}) through the whole lifecycle, for
 * LargestRequestsIT's deployment: a checkout created, listed, read, paid by a QR attempt whose largest
 * notification we sign, paid again by a redirect attempt (an extra payment, refunded), resolved in the
 * review queue; a refund; the console's pages; an order whose observers fail and are redelivered; one
 * IOTPay reports wrongly (NEEDS_REVIEW, resolved); a cancelled checkout. Every answer is below 500,
 * what was sent is read back as sent, and every event reaches the observers and the signed webhook.
 */
final class ContractLimitsLifecycle {

    /** The host orders.return-url-hosts allows in every IT deployment (ORDERS_RETURN_URL_HOSTS in the pom). */
    static final String SHOP = "localhost";
    private static final String EARLIEST = "0001-01-01T00:00:00.000000000+00:00:00";
    private static final Set<String> CHECKOUT_FIELDS = Set.of("amount", "currency", "subject", "body", "reference", "payer",
            "metadata", "param1", "param2");

    private final WebhookReceiver receiver;

    ContractLimitsLifecycle(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    void run() {
        // Two checkouts (the second one is cancelled at the end): created (and answered again for its key), read, listed.
        Request another = largest("createCheckout", Map.of("amount", 1999L, "expiresInSeconds", 7200L));
        String cancelledId = json(send(another, 201)).getString("checkoutId");
        Request create = largest("createCheckout", Map.of("amount", 1999L, "expiresInSeconds", 7200L));
        JsonObject sent = body(create);
        HttpResponse<String> made = send(create, 201);
        String checkoutId = json(made).getString("checkoutId");
        assertStored(sent, json(made));
        assertEquals(made.body(), send(create, 201).body(), "the same key: the stored answer");
        assertStored(sent, json(send(largest("getCheckout", Map.of("checkoutId", checkoutId)), 200)));
        Map<String, Object> listed = Map.of("reference", sent.getString("reference"), "status", "OPEN");
        JsonArray found = json(send(largest("listCheckouts", listed, Set.of("after")), 200)).getJsonArray("checkouts");
        assertEquals(1, found.size(), found.toString());
        assertStored(sent, found.getJsonObject(0));
        String cursor = json(send("GET", "/api/checkouts?limit=1", 200)).getString("next");
        send(largest("listCheckouts", with(listed, "after", cursor)), 200);

        // Its attempts: a QR one (its images), a redirect one, and one through /api/pay.
        Request qrAttempt = largest("payCheckout", Map.of("checkoutId", checkoutId, "channelId", "WX_NATIVE"), Set.of("returnUrl"));
        HttpResponse<String> qrMade = send(qrAttempt, 201);
        assertEquals(qrMade.body(), send(qrAttempt, 201).body(), "the same key: the stored answer");
        String qrOrder = json(qrMade).getString("mchOrderNo");
        assertEquals("qr", json(qrMade).getJsonObject("nextAction").getString("type"));
        images(qrOrder);
        String redirectOrder = json(send(largest("payCheckout", Map.of("checkoutId", checkoutId, "channelId", "ALIPAY_WAP",
                "returnUrl", LargestTexts.url(SHOP, 200)), Set.of("productId")), 201)).getString("mchOrderNo");
        send(largest("pay", Map.of("checkout", checkoutId, "channelid", "WX_NATIVE"),
                Set.of("amount", "subject", "body", "returnurl", "ostype")), 200);
        send(largest("pay", Map.of("channelid", "ALIPAY_WAP", "amount", "19.99", "returnurl", LargestTexts.url(SHOP, 200)),
                Set.of("checkout", "productid")), 200);

        // Paid by the QR attempt, its largest notification signed as IOTPay signs; paid again by the other.
        payAtGateway(qrOrder, false);
        notifyLargest(qrOrder, 1999, "success");
        assertEquals("PAID", awaitStatus(qrOrder, "PAID", Duration.ofSeconds(15)));
        assertEquals(qrOrder, json(send(largest("getCheckout", Map.of("checkoutId", checkoutId)), 200)).getString("paidOrder"));
        delivered(qrOrder, "payment.succeeded");
        JsonObject paidEvent = delivered(qrOrder, "checkout.paid");
        assertStored(sent, paidEvent);
        payAtGateway(redirectOrder, true); // the paid checkout asked IOTPay to close it: PAID_AFTER_CLOSE once closed
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!List.of("PAID", "PAID_AFTER_CLOSE").contains(Backend.status(redirectOrder)) && System.nanoTime() < deadline) {
            pause(200);
        }
        assertTrue(List.of("PAID", "PAID_AFTER_CLOSE").contains(Backend.status(redirectOrder)), Backend.status(redirectOrder));
        assertStored(sent, delivered(redirectOrder, "checkout.overpaid"));
        awaitRefunds(redirectOrder);
        JsonObject queue = json(send(largest("getReviewQueue", Map.of()), 200));
        assertStored(sent, item(queue.getJsonArray("overpaidCheckouts"), "checkoutId", checkoutId));
        Request resolveCheckout = largest("resolveOverpaidCheckout", Map.of("checkoutId", checkoutId));
        assertNote(body(resolveCheckout).getString("note"), json(send(resolveCheckout, 201)).getString("note"));

        // A refund with the largest reason and key, read back three ways and announced.
        Request refund = largest("createRefund", Map.of("mchOrderNo", qrOrder, "amount", 1L));
        String reason = body(refund).getString("reason");
        HttpResponse<String> refunded = send(refund, 201);
        String refundNo = json(refunded).getString("refundNo");
        assertEquals(reason, json(refunded).getString("reason"));
        assertEquals(refundNo, json(send(refund, 201)).getString("refundNo"), "one refund for one key");
        awaitRefunds(qrOrder);
        assertEquals(reason, json(send(largest("listRefunds", Map.of("mchOrderNo", qrOrder)), 200))
                .getJsonArray("refunds").getJsonObject(0).getString("reason"));
        assertEquals(reason, json(send(largest("getRefund", Map.of("mchOrderNo", qrOrder, "refundNo", refundNo)), 200)).getString("reason"));
        assertEquals(reason, delivered(qrOrder, "refund.succeeded").getString("reason"));

        // What operators read: the order, the lists, the notification log, the timeline, the overview.
        assertEquals("PAID", json(send(largest("getOrder", Map.of("mchOrderNo", qrOrder)), 200)).getString("status"));
        String payOrderId = json(send("GET", "/api/orders/" + qrOrder, 200)).getString("payOrderId");
        Map<String, Object> filter = Map.of("payOrderId", payOrderId, "channel", "WX_NATIVE", "status", "PAID", "from", EARLIEST);
        assertEquals(qrOrder, json(send(largest("listOrders", filter, Set.of("owner", "after")), 200))
                .getJsonArray("orders").getJsonObject(0).getString("mchOrderNo"));
        send(largest("listOrders", with(filter, "after", json(send("GET", "/api/orders?limit=1", 200)).getString("next"))), 200);
        JsonArray log = json(send(largest("getOrderNotifications", Map.of("mchOrderNo", qrOrder)), 200)).getJsonArray("notifications");
        assertEquals("APPLIED", log.getJsonObject(log.size() - 1).getString("outcome"), log.toString());
        JsonObject timeline = json(send(largest("getOrderTimeline", Map.of("mchOrderNo", qrOrder)), 200));
        JsonObject created = timeline.getJsonArray("timeline").getJsonObject(0).getJsonObject("facts");
        assertEquals(sent.getString("subject"), created.getString("subject"), "the timeline shows the attempt's subject as sent");
        assertEquals(reason, timeline.getJsonArray("refunds").getJsonObject(0).getString("reason"));
        send(largest("getConsoleOverview", Map.of()), 200);
        // The self-audit, run at once and read back: it answers whatever it finds about the other tests' rows.
        // "The last run" is the one that finished last. On PostgreSQL the classes before this one share the
        // database, and their test clocks ran hours ahead, so a run of theirs may have finished "later".
        JsonObject run = json(send(largest("runAudit", Map.of()), 200)).getJsonObject("run");
        JsonObject last = json(send(largest("getLastAudit", Map.of()), 200)).getJsonObject("run");
        if (last.getJsonNumber("id").longValue() != run.getJsonNumber("id").longValue()) {
            assertFalse(OffsetDateTime.parse(last.getString("finishedAt"))
                    .isBefore(OffsetDateTime.parse(run.getString("finishedAt"))),
                    "the last run finished no earlier than the one just run: " + last + " / " + run);
        }

        // The checkout.paid webhook sent again, with the largest note and key.
        String eventId = event(qrOrder, "checkout.paid").getString("eventId");
        Request redeliver = largest("redeliverWebhook", Map.of("eventId", eventId));
        assertNote(body(redeliver).getString("note"), json(send(redeliver, 202)).getString("note"));
        assertNote(body(redeliver).getString("note"), json(send(redeliver, 200)).getString("note"));
        awaitWebhooks(eventId, 2);

        new ContractLimitsOrders(this).run();

        // The other checkout, cancelled.
        assertEquals("CANCELLED", json(send(largest("cancelCheckout", Map.of("checkoutId", cancelledId)), 200)).getString("status"));
        assertStored(body(another), delivered(cancelledId, "checkout.cancelled"));
    }

    /** The QR images: any If-None-Match up to its limit, then 304 for the current tag. */
    private void images(String mchOrderNo) {
        for (String operation : List.of("getOrderQrSvg", "getOrderQrPng")) {
            Request image = largest(operation, Map.of("mchOrderNo", mchOrderNo));
            HttpResponse<String> drawn = send(image, 200);
            String tag = drawn.headers().firstValue("ETag").orElseThrow();
            send(largest(operation, Map.of("mchOrderNo", mchOrderNo, "If-None-Match", tag)), 304);
        }
    }

    /** IOTPay's notification for the order at {@code amount}, every other parameter at its limit, signed; sent as a form body. */
    void notifyLargest(String mchOrderNo, long amount, String answer) {
        JsonObject order = json(send("GET", "/api/orders/" + mchOrderNo, 200));
        Map<String, Object> given = new HashMap<>(Map.of("payOrderId", order.getString("payOrderId"), "mchId", Backend.MERCHANT_ID,
                "mchOrderNo", mchOrderNo, "channelId", order.getString("channelId"), "currency", order.getString("currency"),
                "amount", Long.toString(amount), "status", "2", "backType", "2", "sign", "-"));
        given.put("paySuccTime", Long.toString(System.currentTimeMillis()));
        Map<String, String> fields = ContractRequests.fields(largest("receiveNotification", given));
        HttpResponse<String> received = Backend.post("/api/notify", "application/x-www-form-urlencoded",
                Backend.form(Backend.signed(fields, Backend.MERCHANT_KEY)));
        assertEquals(200, received.statusCode(), received.body());
        assertEquals(answer, received.body());
    }

    // ---- sending and reading ---------------------------------------------------------------------

    HttpResponse<String> send(Request request, int expected) {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(Backend.BASE + request.path()));
        request.headers().forEach(http::header);
        if (request.body() != null) {
            http.header("Content-Type", request.contentType());
        }
        http.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body()));
        HttpResponse<String> answer = Backend.send(http);
        assertTrue(answer.statusCode() < 500, request.operationId() + " answered " + answer.statusCode() + ": " + answer.body());
        assertEquals(expected, answer.statusCode(), request.operationId() + " " + request.path() + ": " + answer.body());
        return answer;
    }

    HttpResponse<String> send(String method, String path, int expected) {
        return send(new Request(method + " " + path, method, path, Map.of(), null, null), expected);
    }

    static JsonObject body(Request request) {
        return Json.createReader(new StringReader(request.body())).readObject();
    }

    private static Map<String, Object> with(Map<String, Object> values, String name, Object value) {
        Map<String, Object> more = new HashMap<>(values);
        more.put(name, value);
        return more;
    }

    /** Every checkout field of {@code sent} is in {@code stored}, the same. */
    static void assertStored(JsonObject sent, JsonObject stored) {
        for (String field : sent.keySet()) {
            if (CHECKOUT_FIELDS.contains(field)) {
                assertEquals(sent.get(field), stored.get(field), field + " as sent");
            }
        }
    }

    static JsonObject item(JsonArray items, String key, String value) {
        return items.stream().map(JsonObject.class::cast).filter(i -> value.equals(i.getString(key, null))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " " + value + " in " + items));
    }

    static JsonObject event(String key, String type) {
        return item(Json.createArrayBuilder(events(key).stream().filter(e -> type.equals(((JsonObject) e).getString("type")))
                .toList()).build(), "type", type);
    }

    /**
     * Dispatches until the one event of {@code type} filed under {@code key} reached the observers and
     * the webhook, whose signature verifies and whose data is the event's; returns that data.
     */
    JsonObject delivered(String key, String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject found = null;
        while (System.nanoTime() < deadline) {
            dispatch();
            List<JsonObject> matching = events(key).stream().map(JsonObject.class::cast).filter(e -> e.getString("type").equals(type)).toList();
            assertTrue(matching.size() <= 1, "one " + type + " event: " + matching);
            found = matching.isEmpty() ? null : matching.get(0);
            if (found != null && "DELIVERED".equals(found.getString("observers")) && "DELIVERED".equals(found.getString("webhook"))) {
                String eventId = found.getString("eventId");
                JsonObject webhook = receiver.all().stream().filter(r -> r.verified() && r.id().equals(eventId))
                        .map(WebhookReceiver.Received::json).findFirst().orElseThrow(() -> new AssertionError("no signed webhook " + eventId));
                assertEquals(found.getJsonObject("data"), webhook.getJsonObject("data"), "the webhook carries the event's data");
                return found.getJsonObject("data");
            }
            pause(100);
        }
        throw new AssertionError("the " + type + " event of " + key + " was not delivered within 20 s: " + found);
    }

    /** Dispatches until {@code count} verified webhooks of the event arrived. */
    void awaitWebhooks(String eventId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.all().stream().filter(r -> r.verified() && r.id().equals(eventId)).count() < count) {
            assertTrue(System.nanoTime() < deadline, "no " + count + " signed webhooks of " + eventId);
            dispatch();
            pause(100);
        }
    }

    /** Dispatches and sweeps until the order's one refund is settled. */
    void awaitRefunds(String mchOrderNo) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            dispatch();
            JsonArray refunds = json(send("GET", "/api/orders/" + mchOrderNo + "/refunds", 200)).getJsonArray("refunds");
            if (refunds.size() == 1 && "SUCCEEDED".equals(refunds.getJsonObject(0).getString("status"))) {
                return;
            }
            sweep();
            pause(100);
        }
        throw new AssertionError("no settled refund of " + mchOrderNo + " within 20 s");
    }

    /** Lets the observers' tries fail on the whole schedule; returns the event now FAILED for them. */
    String awaitFailedObservers(String mchOrderNo, String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            dispatch();
            JsonObject event = events(mchOrderNo).stream().map(JsonObject.class::cast)
                    .filter(e -> type.equals(e.getString("type"))).findFirst().orElse(null);
            if (event != null && "FAILED".equals(event.getString("observers"))) {
                return event.getString("eventId");
            }
            advanceClock(Duration.ofSeconds(6));
            pause(200);
        }
        throw new AssertionError("the observers did not fail: " + events(mchOrderNo));
    }

    /**
     * An operator's note as sent, or as the audit log keeps it (docs/api.md#limits): each control
     * character as '?', nothing else changed.
     */
    static void assertNote(String sent, String answered) {
        if (!sent.equals(answered)) {
            StringBuilder kept = new StringBuilder();
            sent.chars().forEach(c -> kept.append(Character.isISOControl(c) ? '?' : (char) c));
            assertEquals(kept.toString(), answered, "the note as sent, its control characters as '?'");
        }
    }
}
