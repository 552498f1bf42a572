package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.ContractLimitsLifecycle.assertNote;
import static dev.iotpaymerchant.it.ContractLimitsLifecycle.body;
import static dev.iotpaymerchant.it.ContractLimitsLifecycle.item;
import static dev.iotpaymerchant.it.ContractRequests.largest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonObject;

import dev.iotpaymerchant.it.ContractRequests.Request;

/**
 * The order half of {@link ContractLimitsLifecycle}: the largest orders of a QR and a redirect channel,
 * answered again for their keys and shown as sent; one whose observers fail on the whole schedule and
 * are redelivered with the largest note and key; one IOTPay reports at another amount, NEEDS_REVIEW and
 * resolved with the largest note.
 */
final class ContractLimitsOrders {

    private final ContractLimitsLifecycle life;

    ContractLimitsOrders(ContractLimitsLifecycle life) {
        this.life = life;
    }

    void run() {
        Request qr = largest("createOrder", Map.of("channelId", "WX_NATIVE", "amount", 1999L), Set.of("returnUrl"));
        String number = created(qr);
        assertEquals(204, Backend.post("/it-support/fulfilments/" + number + "?failures=2", null, "").statusCode(),
                "the fulfilment ledger fails the first try and the one retry of webhooks.retry-schedule-seconds=5");
        payAtGateway(number, true);
        assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(15)));
        String eventId = life.awaitFailedObservers(number, "payment.succeeded");
        JsonObject queue = json(life.send(largest("getReviewQueue", Map.of()), 200));
        assertEquals("FAILED", item(queue.getJsonArray("failedObservers"), "eventId", eventId).getString("observers"));
        Request redeliver = largest("redeliverToObservers", Map.of("eventId", eventId));
        assertNote(body(redeliver).getString("note"), json(life.send(redeliver, 202)).getString("note"));
        assertNote(body(redeliver).getString("note"), json(life.send(redeliver, 200)).getString("note"));
        life.delivered(number, "payment.succeeded");

        Request wap = largest("createOrder", Map.of("channelId", "ALIPAY_WAP", "amount", 1999L,
                "returnUrl", LargestTexts.url(ContractLimitsLifecycle.SHOP, 200)), Set.of("productId"));
        String reported = created(wap);
        life.notifyLargest(reported, 1998, "success");
        assertEquals("NEEDS_REVIEW", awaitStatus(reported, "NEEDS_REVIEW", Duration.ofSeconds(15)));
        life.delivered(reported, "payment.needs_review");
        queue = json(life.send(largest("getReviewQueue", Map.of()), 200));
        item(queue.getJsonArray("needsReview"), "mchOrderNo", reported);
        Request resolve = largest("resolveReviewItem", Map.of("mchOrderNo", reported));
        String note = body(resolve).getString("note");
        assertNote(note, json(life.send(resolve, 201)).getString("note"));
        assertNote(note, json(life.send(largest("getOrderTimeline", Map.of("mchOrderNo", reported)), 200))
                .getJsonObject("resolution").getString("note"));
    }

    /** Creates the order, answered again for its key, its texts on the timeline as sent; its number. */
    private String created(Request create) {
        HttpResponse<String> made = life.send(create, 201);
        assertEquals(made.body(), life.send(create, 201).body(), "the same key: the stored answer");
        String number = json(made).getString("mchOrderNo");
        JsonObject sent = body(create);
        JsonObject facts = json(life.send(largest("getOrderTimeline", Map.of("mchOrderNo", number)), 200))
                .getJsonArray("timeline").getJsonObject(0).getJsonObject("facts");
        for (String field : List.of("subject", "param1", "param2")) {
            assertEquals(sent.getString(field), facts.getString(field), "the timeline shows the " + field + " as sent");
        }
        return number;
    }
}
