package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.createOrder;
import static dev.iotpaymerchant.it.Backend.fault;
import static dev.iotpaymerchant.it.Backend.fulfilments;
import static dev.iotpaymerchant.it.Backend.gatewayOrder;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.send;
import static dev.iotpaymerchant.it.Backend.status;
import static dev.iotpaymerchant.it.ChannelRequests.channelRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paying, over HTTP on Payara Micro with the sandbox as IOTPay: the guide's {@code /api/pay}, every channel
 * through its next action and the sandbox's wallet page, the status long-poll, and what an order becomes when
 * IOTPay says no or nothing useful. Every test makes its own orders, so their order does not matter.
 */
@ExtendWith(ArquillianExtension.class)
class PayIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war();
    }

    // ---- the happy paths -------------------------------------------------------------------

    @Test
    void wechatAppPaymentThroughTheGuidesApiEndsPaidWithOneFulfilment() {
        HttpResponse<String> paid = get("/api/pay?channelid=WX_APP&amount=19.99");
        assertEquals(200, paid.statusCode(), paid.body());
        JsonObject iotpay = json(paid);
        assertEquals("SUCCESS", iotpay.getString("retCode"));
        assertEquals("SUCCESS", iotpay.getString("resCode"));
        assertEquals("wx-it-app", iotpay.getJsonObject("payParams").getString("appid"));
        String number = iotpay.getString("mchOrderNo");

        JsonObject atGateway = gatewayOrder(number);
        assertEquals(1999, atGateway.getInt("amount"), "19.99 must be 1999 cents, not 1998");
        assertEquals("CAD", atGateway.getString("currency"));
        assertEquals("PENDING", status(number));

        assertEquals(200, post("/sandbox/orders/" + number + "/pay", null, "").statusCode());
        assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(10)));
        JsonObject order = json(get("/api/orders/" + number));
        assertEquals(iotpay.getString("payOrderId"), order.getString("payOrderId"));
        assertEquals(1999, order.getInt("amount"));
        assertNotNull(order.getString("paidAt"));
        assertEquals(1, fulfilments(number));
        assertEquals(3, awaitGatewayStatus(number, 3), "the sandbox saw our success answer");
    }

    // ---- every channel, through the sandbox wallet -------------------------------------------

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"WX_APP,sdk", "UPI_APP,sdk", "ALIPAY_WAP,redirect", "ALIPAY_PC,redirect", "UPI_SEQ,redirect",
            "WX_JSAPI,redirect", "WX_NATIVE,qr", "ALIPAY_QR,qr", "UPI_QR,qr"})
    void everyChannelIsPaidThroughItsNextActionAndTheLongPollSeesIt(String channel, String kind) {
        HttpResponse<String> created = postJson("/api/orders", channelRequest(channel, 1234));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject order = json(created);
        String number = order.getString("mchOrderNo");
        assertEquals(channel, order.getString("channelId"));
        assertEquals("PENDING", order.getString("status"));
        JsonObject next = order.getJsonObject("nextAction");
        assertEquals(kind, next.getString("type"), next.toString());
        assertEquals(next, json(get("/api/orders/" + number)).getJsonObject("nextAction"), "reads carry it too");
        JsonObject atGateway = gatewayOrder(number);
        assertEquals(channel, atGateway.getString("channelId"));
        assertEquals(1234, atGateway.getInt("amount"));

        switch (kind) {
            case "sdk" -> {
                assertEquals(channel.equals("WX_APP") ? "wechat" : "unionpay", next.getString("sdk"));
                assertEquals(order.get("payParams"), next.get("payParams"), "payParams stays where it was, too");
                assertEquals(200, post("/sandbox/orders/" + number + "/pay", null, "").statusCode());
            }
            case "redirect" -> payOnTheWalletPage(next.getString("url"), true);
            default -> {
                assertEquals("/api/orders/" + number + "/qr.svg", next.getString("image"));
                HttpResponse<String> svg = get(next.getString("image"));
                assertEquals(200, svg.statusCode(), svg.body());
                assertTrue(svg.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
                assertTrue(svg.body().contains("<svg"), svg.body());
                HttpResponse<byte[]> png = Backend.sendBytes(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(Backend.BASE + "/api/orders/" + number + "/qr.png")).GET());
                assertEquals(200, png.statusCode());
                assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
                assertEquals((byte) 0x89, png.body()[0]);
                assertTrue(next.getString("content").contains("/sandbox/wallet/"), "the sandbox's code leads to its wallet page");
                payOnTheWalletPage(next.getString("content"), false);
            }
        }

        HttpResponse<String> polled = get("/api/orders/" + number + "?wait=10&known=PENDING");
        assertEquals(200, polled.statusCode(), polled.body());
        JsonObject paid = json(polled);
        assertEquals("PAID", paid.getString("status"));
        assertFalse(paid.containsKey("nextAction"), "nothing is left to do once paid");
        assertEquals(1, fulfilments(number));
        if (kind.equals("qr")) {
            assertProblem(get("/api/orders/" + number + "/qr.svg"), 404);
        }
    }

    /** A person pays on the sandbox wallet page that {@code url} leads to (a redirect or a scanned code). */
    private static void payOnTheWalletPage(String url, boolean comesBack) {
        HttpResponse<String> page = Backend.getFrom(url, "");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("id=\"pay\""), page.body());
        HttpResponse<String> paid = Backend.postTo(url, "/pay", "application/x-www-form-urlencoded", "");
        if (comesBack) {
            assertEquals(303, paid.statusCode(), paid.body());
            assertTrue(paid.headers().firstValue("Location").orElse("").startsWith(Backend.BASE + "/shop/back"),
                    "the payer's browser comes back to the shop");
        } else {
            assertEquals(200, paid.statusCode(), paid.body());
        }
    }

    // ---- the long-poll and the order's reads ---------------------------------------------------

    @Test
    void aLongPollAnswersAtTheEndOfItsWaitWhenNothingChanged() {
        String number = json(postJson("/api/orders", channelRequest("WX_NATIVE", 300))).getString("mchOrderNo");
        long started = System.nanoTime();
        HttpResponse<String> polled = get("/api/orders/" + number + "?wait=2&known=PENDING");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, polled.statusCode(), polled.body());
        assertEquals("PENDING", json(polled).getString("status"));
        assertTrue(tookMillis >= 1900 && tookMillis < 4000, "waited " + tookMillis + " ms");
        long at = System.nanoTime();
        assertEquals("PENDING", json(get("/api/orders/" + number + "?wait=20&known=PAID")).getString("status"));
        assertTrue((System.nanoTime() - at) / 1_000_000 < 1000, "a status other than the known one answers at once");
    }

    @Test
    void waitsBeyondTheNodesLimitAre503sWithRetryAfter() throws Exception {
        String number = json(postJson("/api/orders", channelRequest("ALIPAY_QR", 300))).getString("mchOrderNo");
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // orders.max-waiting is 3 in the test deployment
            held.add(java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    get("/api/orders/" + number + "?wait=4&known=PENDING")));
        }
        Backend.pause(1000);
        HttpResponse<String> refused = get("/api/orders/" + number + "?wait=4&known=PENDING");
        JsonObject problem = assertProblem(refused, 503);
        assertTrue(problem.getString("detail").contains("orders.max-waiting"), problem.toString());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        assertEquals(200, get("/api/orders/" + number).statusCode(), "a plain read is never refused");
        for (var wait : held) {
            assertEquals(200, wait.get().statusCode());
        }
        assertEquals(200, get("/api/orders/" + number + "?wait=1&known=PENDING").statusCode(), "the waits are free again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wait=31&known=PENDING", "wait=-1&known=PENDING", "wait=abc&known=PENDING", "wait=5",
            "wait=5&known=SETTLED"})
    void aBadLongPollIsAProblem(String query) {
        String number = createOrder(100).getString("mchOrderNo");
        assertProblem(get("/api/orders/" + number + "?" + query), 400);
    }

    @Test
    void anAppOrderHasNoQrCode() {
        String number = createOrder(100).getString("mchOrderNo");
        JsonObject problem = assertProblem(get("/api/orders/" + number + "/qr.svg"), 404);
        assertTrue(problem.getString("detail").contains("not a QR channel"), problem.toString());
        assertProblem(get("/api/orders/MOnosuchorder/qr.png"), 404);
    }

    @Test
    void theSandboxCompletesPaymentsByItselfAfterItsDelay() {
        assertEquals(204, post("/sandbox/settings?autoPaySeconds=1", null, "").statusCode());
        try {
            String number = createOrder(500).getString("mchOrderNo");
            assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(15)));
        } finally {
            post("/sandbox/settings?autoPaySeconds=-1", null, "");
        }
    }

    @Test
    void withoutAuthenticationABearerTokenIsIgnored() {
        String number = createOrder(1235).getString("mchOrderNo");
        HttpResponse<String> answer = send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(Backend.BASE + "/api/orders/" + number))
                .header("Authorization", "Bearer not.a.valid.token").GET());
        assertEquals(200, answer.statusCode(), "api.auth=none: a gateway's forwarded token changes nothing");
    }

    // ---- IOTPay says no, or says nothing useful ----------------------------------------------

    @Test
    void aBusinessRejectionByIotPayIsA502WithItsCodeAndTheOrderFails() {
        fault("create_order", "REJECT");
        JsonObject problem = assertProblem(postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":100}"), 502);
        assertEquals("0111", problem.getString("iotpayCode"));
        assertTrue(problem.getString("detail").contains("third party exception"), problem.getString("detail"));
        assertEquals("FAILED", status(problem.getString("mchOrderNo")));
    }

    @Test
    void aValidationRejectionByIotPayIsA502WithItsMessage() {
        fault("create_order", "FAIL");
        JsonObject problem = assertProblem(get("/api/pay?channelid=WX_APP&amount=1.00"), 502);
        assertTrue(problem.getString("detail").contains("system busy"), problem.getString("detail"));
        assertEquals("FAILED", status(problem.getString("mchOrderNo")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP_500", "GARBAGE", "REDIRECT", "BAD_SIGN"})
    void anUnusableAnswerLeavesTheOrderUnknownAndSaysWhereToPoll(String mode) {
        fault("create_order", mode);
        JsonObject problem = assertProblem(postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":100}"), 504);
        String number = problem.getString("mchOrderNo");
        assertEquals("UNKNOWN", status(number));
        assertTrue(problem.getString("detail").contains("/api/orders/" + number));
    }

    @Test
    void aTimeoutLeavesTheOrderUnknownWithinTheConfiguredTimeout() {
        fault("create_order", "SLOW");
        long started = System.nanoTime();
        JsonObject problem = assertProblem(postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":100}"), 504);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertTrue(seconds < 3 + 2, "answered after " + seconds + " s with a 3 s read timeout");
        assertEquals("UNKNOWN", status(problem.getString("mchOrderNo")));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static int awaitGatewayStatus(String number, int expected) {
        int status = -1;
        for (int i = 0; i < 50 && status != expected; i++) {
            status = gatewayOrder(number).getInt("status");
            Backend.pause(100);
        }
        return status;
    }
}
