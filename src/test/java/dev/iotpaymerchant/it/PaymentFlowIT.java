package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.MERCHANT_KEY;
import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.assertRefused;
import static dev.iotpaymerchant.it.Backend.awaitStatus;
import static dev.iotpaymerchant.it.Backend.createCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.createOrder;
import static dev.iotpaymerchant.it.Backend.fault;
import static dev.iotpaymerchant.it.Backend.form;
import static dev.iotpaymerchant.it.Backend.fulfilments;
import static dev.iotpaymerchant.it.Backend.gatewayOrder;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.oversizedPost;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.signed;
import static dev.iotpaymerchant.it.Backend.send;
import static dev.iotpaymerchant.it.Backend.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.GenericArchive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The payment flow over HTTP on Payara Micro, with the sandbox as IOTPay: one deployment, many
 * behaviours. Every test makes its own orders, so the order of tests does not matter — except the
 * last, which reads the whole server log.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaymentFlowIT {

    static {
        ConsoleCapture.install();
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war();
    }

    /**
     * Another application, on the server's default datasource (src/test/resources/neighbour). WildFly gets it
     * from {@link #anotherApplicationOnTheServerKeepsTheServersDefaultDatasource}; Payara Micro, where each
     * Arquillian deployment is a server of its own, from the pom ({@code it.neighbour}: {@code --deploy} beside
     * the backend).
     */
    @Deployment(name = "neighbour", managed = false, testable = false)
    static WebArchive neighbour() {
        return ShrinkWrap.create(WebArchive.class, "neighbour.war").merge(ShrinkWrap.create(ExplodedImporter.class)
                .importDirectory("target/test-classes/neighbour").as(GenericArchive.class));
    }

    @ArquillianResource
    Deployer deployer;

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

    /** A request for {@code channel} with what it needs; return URLs on the allowed host (localhost). */
    static String channelRequest(String channel, long amount) {
        String needs = switch (channel) {
            case "ALIPAY_WAP" -> ",\"osType\":\"IOS\",\"returnUrl\":\"" + Backend.BASE + "/shop/back?basket=7\"";
            case "WX_JSAPI", "ALIPAY_PC", "UPI_SEQ" -> ",\"returnUrl\":\"" + Backend.BASE + "/shop/back\"";
            case "WX_NATIVE" -> ",\"productId\":\"SKU-7\"";
            default -> "";
        };
        return "{\"channelId\":\"" + channel + "\",\"amount\":" + amount + ",\"subject\":\"Tea\",\"param1\":\"basket-7\"" + needs + "}";
    }

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

    @Test
    void unknownOrdersAreNotFoundProblems() {
        assertProblem(get("/api/orders/MOdoesnotexist000000000"), 404);
        assertProblem(get("/api/orders/not%20a%20number"), 404);
        assertProblem(get("/api/nothing-here"), 404);
    }

    // ---- exactly once ------------------------------------------------------------------------

    @Test
    void aHundredConcurrentDuplicateNotificationsMakeOneTransitionAndOneEvent() throws Exception {
        JsonObject order = createOrder(1234);
        String number = order.getString("mchOrderNo");
        Map<String, String> notification = paidNotification(order);

        List<HttpResponse<String>> answers = concurrently(100, () -> deliver(notification));

        answers.forEach(Backend::assertAcknowledged);
        assertEquals("PAID", status(number));
        assertEquals(1, fulfilments(number));
    }

    @Test
    void aReplayedNotificationAfterPaymentIsAcknowledgedAndChangesNothing() {
        JsonObject order = createOrder(777);
        String number = order.getString("mchOrderNo");
        Map<String, String> notification = paidNotification(order);
        assertAcknowledged(deliver(notification));
        String paidAt = json(get("/api/orders/" + number)).getString("paidAt");

        Map<String, String> resent = new java.util.LinkedHashMap<>(notification);
        resent.put("status", "3");
        assertAcknowledged(deliver(signed(resent, MERCHANT_KEY)));
        assertAcknowledged(deliver(notification));
        assertEquals(paidAt, json(get("/api/orders/" + number)).getString("paidAt"));
        assertEquals(1, fulfilments(number));
    }

    // ---- forged or mismatched notifications change nothing ----------------------------------

    @Test
    void aTamperedAmountIsRefused() {
        refusedAndUnchanged(n -> n.put("amount", "1"), 403);
    }

    @Test
    void aNotificationSignedWithAnotherKeyIsRefused() {
        refusedAndUnchanged(n -> n.putAll(signed(n, "SOMEONE-ELSES-KEY-000000000000000")), 403);
    }

    @Test
    void aMissingSignIsRefused() {
        refusedAndUnchanged(n -> n.remove("sign"), 403);
    }

    @Test
    void aShortSignIsRefused() {
        refusedAndUnchanged(n -> n.put("sign", n.get("sign").substring(0, 16)), 403);
    }

    @Test
    void anEmptySignIsRefused() {
        refusedAndUnchanged(n -> n.put("sign", ""), 403);
    }

    @Test
    void anUnsignedExtraParameterIsRefused() {
        refusedAndUnchanged(n -> n.put("discount", "1999"), 403);
    }

    @Test
    void aCorrectlySignedWrongAmountIsKeptForReviewAndAcknowledged() {
        JsonObject order = keptForReview(n -> n.putAll(signed(with(n, "amount", "1"), MERCHANT_KEY)));
        assertEquals(1, order.getJsonObject("reported").getInt("amount"));
        assertEquals("CAD", order.getJsonObject("reported").getString("currency"));
        assertEquals(3100, order.getInt("amount"), "the order's own amount stays");
    }

    @Test
    void aCorrectlySignedOtherPayOrderIdIsKeptForReview() {
        JsonObject order = keptForReview(n -> n.putAll(signed(with(n, "payOrderId", "P00OTHER0000000000000001"), MERCHANT_KEY)));
        assertEquals("P00OTHER0000000000000001", order.getJsonObject("reported").getString("payOrderId"));
    }

    @Test
    void aContradictingPaymentForAnOrderAlreadyPaidIsRefusedAndChangesNothing() {
        JsonObject order = createOrder(3200);
        String number = order.getString("mchOrderNo");
        assertAcknowledged(deliver(paidNotification(order)));
        HttpResponse<String> other = deliver(signed(with(paidNotification(order), "amount", "1"), MERCHANT_KEY));
        assertProblem(other, 422);
        assertEquals("PAID", status(number));
        assertEquals(1, fulfilments(number));
    }

    @Test
    void aCorrectlySignedOtherMerchantIsRefused() {
        refusedAndUnchanged(n -> n.putAll(signed(with(n, "mchId", "10000999"), MERCHANT_KEY)), 422);
    }

    @Test
    void aCorrectlySignedWrongCurrencyIsKeptForReview() {
        JsonObject order = keptForReview(n -> n.putAll(signed(with(n, "currency", "USD"), MERCHANT_KEY)));
        assertEquals("USD", order.getJsonObject("reported").getString("currency"));
    }

    @Test
    void aCorrectlySignedUnpaidStatusIsRefused() {
        refusedAndUnchanged(n -> n.putAll(signed(with(n, "status", "1"), MERCHANT_KEY)), 422);
    }

    @Test
    void aCorrectlySignedBrowserReturnIsNotAPayment() {
        refusedAndUnchanged(n -> n.putAll(signed(with(n, "backType", "1"), MERCHANT_KEY)), 422);
    }

    @Test
    void aCorrectlySignedUnknownOrderIsRefused() {
        refusedAndUnchanged(n -> n.putAll(signed(with(n, "mchOrderNo", "MOneverissued00000000000"), MERCHANT_KEY)), 404);
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        JsonObject order = createOrder(2500);
        String form = form(paidNotification(order));
        assertRefused(post("/api/notify", "application/x-www-form-urlencoded", form + "&amount=1"));
        assertRefused(post("/api/notify?amount=1", "application/x-www-form-urlencoded", form));
        assertEquals("PENDING", status(order.getString("mchOrderNo")));
    }

    // ---- what IOTPay may legitimately send ---------------------------------------------------

    @Test
    void aSignedParameterWeDoNotKnowIsAccepted() {
        JsonObject order = createOrder(4200);
        assertAcknowledged(deliver(signed(with(paidNotification(order), "newGatewayField", "x"), MERCHANT_KEY)));
        assertEquals("PAID", status(order.getString("mchOrderNo")));
    }

    @Test
    void aLowerCaseSignIsAccepted() {
        JsonObject order = createOrder(4300);
        Map<String, String> n = paidNotification(order);
        n.put("sign", n.get("sign").toLowerCase(Locale.ROOT));
        assertAcknowledged(deliver(n));
        assertEquals("PAID", status(order.getString("mchOrderNo")));
    }

    @Test
    void parametersInTheQueryStringOnlyAreAccepted() {
        JsonObject order = createOrder(4400);
        assertAcknowledged(post("/api/notify?" + form(paidNotification(order)), null, ""));
        assertEquals("PAID", status(order.getString("mchOrderNo")));
    }

    @Test
    void parametersInTheBodyOnlyAreAccepted() {
        JsonObject order = createOrder(4500);
        assertAcknowledged(post("/api/notify", "application/x-www-form-urlencoded", form(paidNotification(order))));
        assertEquals("PAID", status(order.getString("mchOrderNo")));
    }

    // ---- bad input never reaches IOTPay ------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "1e3", "19.999", "1,000", "%2019.99", "19.99%20", "%EF%BC%91", ".5",
            "10000.01", "abc", "99999999999999999999999"})
    void aBadAmountIsAProblemAndNeverReachesIotPay(String amount) {
        long before = createCallsAtGateway();
        assertProblem(get("/api/pay?channelid=WX_APP&amount=" + amount), 400);
        assertEquals(before, createCallsAtGateway());
    }

    @ParameterizedTest
    @ValueSource(strings = {"channelid=WX_JSAPI&amount=1", "amount=1", "channelid=wx_app&amount=1",
            "channelid=WX_APP&amount=1&amount=2", "channelid=ALIPAY_WAP&amount=1&ostype=WINDOWS",
            "channelid=ALIPAY_MOBILE&amount=1&ostype=IOS", "channelid=ALIPAY_WAP&amount=1",
            "channelid=WX_JSAPI&amount=1&returnurl=https%3A%2F%2Fevil.example%2F",
            "channelid=WX_APP&amount=1&subject=%0D%0Ainjected"})
    void aBadPayRequestIsAProblemAndNeverReachesIotPay(String query) {
        long before = createCallsAtGateway();
        assertProblem(get("/api/pay?" + query), 400);
        assertEquals(before, createCallsAtGateway());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{\"channelId\":\"WX_APP\"}", "{\"channelId\":\"WX_APP\",\"amount\":19.99}",
            "{\"channelId\":\"WX_APP\",\"amount\":\"1999\"}", "{\"channelId\":\"WX_APP\",\"amount\":0}",
            "{\"channelId\":\"WX_APP\",\"amount\":-5}", "{\"channelId\":\"WX_APP\",\"amount\":1e30}",
            "{\"amount\":100}", "{\"channelId\":\"PAYPAL\",\"amount\":100}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"ammount\":100}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"amount\":1}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"currency\":\"EUR\"}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"subject\":\"12345678901234567890123456789012345678901234567890123456789012345\"}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"param2\":\"line\\nbreak\"}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"osType\":\"WINDOWS\"}",
            "{\"channelId\":\"ALIPAY_WAP\",\"amount\":100}",
            "{\"channelId\":\"WX_JSAPI\",\"amount\":100}",
            "{\"channelId\":\"ALIPAY_PC\",\"amount\":100,\"returnUrl\":\"https://evil.example/phish\"}",
            "{\"channelId\":\"WX_JSAPI\",\"amount\":100,\"returnUrl\":\"javascript:alert(1)\"}",
            "{\"channelId\":\"WX_MICROPAY\",\"amount\":100}",
            "{\"channelId\":\"ALIPAY_MOBILE\",\"amount\":100,\"osType\":\"IOS\"}",
            "{\"channelId\":\"WX_NATIVE\",\"amount\":100,\"productId\":\"<b>x</b>\"}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"returnUrl\":\"http://localhost/\"}"})
    void aBadOrderRequestIsAProblemAndNeverReachesIotPay(String body) {
        long before = createCallsAtGateway();
        assertProblem(postJson("/api/orders", body), 400);
        assertEquals(before, createCallsAtGateway());
    }

    @Test
    void aNonJsonOrderRequestIsUnsupported() {
        assertProblem(post("/api/orders", "text/plain", "{\"channelId\":\"WX_APP\",\"amount\":100}"), 415);
    }

    @Test
    void hugeBodiesAreRefusedAsTooLargeWithoutWaitingForThem() {
        String form = "application/x-www-form-urlencoded";
        assertTrue(oversizedPost("/api/notify", form, 1 << 20, 1000).startsWith("HTTP/1.1 413"), "1 MB");
        assertTrue(oversizedPost("/api/notify", form, 10 << 20, 1000).startsWith("HTTP/1.1 413"), "10 MB");
        assertTrue(oversizedPost("/api/orders", "application/json", 1 << 20, 1000).startsWith("HTTP/1.1 413"), "an order");
        assertTrue(oversizedPost("/api/notify", form, -1, 40_000).startsWith("HTTP/1.1 413"), "streamed without a length");
    }

    @Test
    void aBodyJustOverTheLimitGetsAProblem() {
        assertProblem(post("/api/notify", "application/x-www-form-urlencoded", "a=" + "x".repeat(17_000)), 413);
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

    // ---- operations: health, metrics, API documentation ---------------------------------------

    @Test
    void isLiveAndReadyWithItsDatabaseAndSettings() {
        HttpResponse<String> ready = Backend.getFrom(Backend.HEALTH, "/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"reachable\""), ready.body());
        assertFalse(ready.body().contains(MERCHANT_KEY));
        assertEquals(200, Backend.getFrom(Backend.HEALTH, "/health/live").statusCode());
    }

    @Test
    void theOpenApiDocumentListsTheWholeContract() {
        HttpResponse<String> openapi = get("/openapi");
        assertEquals(200, openapi.statusCode());
        for (String path : List.of("/api/pay:", "/api/orders:", "/api/orders/{mchOrderNo}:", "/api/notify:")) {
            assertTrue(openapi.body().contains(path), path + " in\n" + openapi.body());
        }
        assertTrue(openapi.body().contains("application/problem+json"));
        assertTrue(openapi.body().contains("Idempotency-Key"));
        assertFalse(openapi.body().contains("/sandbox"), "the sandbox is not part of the contract");
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void theMetricsShowPaymentsNotificationsAndIotPayCallsUnderTheSameNamesOnEveryServer() {
        JsonObject order = createOrder(999);
        assertAcknowledged(deliver(paidNotification(order)));
        // Payara: MicroProfile Metrics at /metrics; WildFly: Micrometer's registry on the management port.
        String metrics = Backend.ON_WILDFLY ? Backend.getFrom(Backend.HEALTH, "/prometheus").body() : get("/metrics").body();
        assertCounted(metrics, "orders_total", "channel=\"WX_APP\"");
        assertCounted(metrics, "orders_paid_total");
        assertCounted(metrics, "orders_final_status_total", "status=\"PAID\"");
        assertCounted(metrics, "orders_final_status_total", "status=\"FAILED\"");
        assertCounted(metrics, "notifications_total", "outcome=\"APPLIED\"");
        assertCounted(metrics, "notifications_total", "outcome=\"BAD_SIGNATURE\"");
        assertCounted(metrics, "iotpay_calls_seconds_count", "operation=\"create_order\"", "outcome=\"accepted\"");
        assertCounted(metrics, "iotpay_calls_seconds_count", "operation=\"create_order\"", "outcome=\"unknown\"");
        assertCounted(metrics, "iotpay_calls_seconds_count", "operation=\"payForSubmit\"", "outcome=\"accepted\"");
        assertCounted(metrics, "orders_total", "channel=\"WX_NATIVE\"");
        assertTrue(metrics.lines().filter(line -> line.startsWith("iotpay_calls_seconds_max{"))
                .allMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) < 60),
                "the slowest call is in seconds, not nanoseconds:\n" + metrics);
    }

    // ---- traces ------------------------------------------------------------------------------

    /** A traceparent as a caller would send it, in a trace of its own. */
    private static String[] newTraceparent() {
        String traceId = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                .putLong(System.nanoTime()).putLong(Double.doubleToLongBits(Math.random())).array());
        return new String[] {traceId, "00-" + traceId + "-00f067aa0ba902b7-01"};
    }

    @Test
    void aCallersTraceIsFollowedIntoIotPaysRequestItsLogLinesAndItsProblems() {
        String[] trace = newTraceparent();
        String number = createInTrace(trace);
        String atIotPay = gatewayOrder(number).getString("traceparent");
        assertTrue(atIotPay.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), atIotPay);
        assertEquals(trace[0], atIotPay.split("-")[1], "IOTPay's request is in the caller's trace");
        assertFalse(atIotPay.split("-")[2].equals("00f067aa0ba902b7"), "as a span of ours, not the caller's");
        assertTrue(ConsoleCapture.text().lines().anyMatch(line -> line.contains("IOTPay create_order " + number)
                && line.contains("traceId=" + trace[0]) && line.contains("orderNo=" + number)),
                "the log line for the call names the trace and the order");

        HttpResponse<String> refused = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Backend.BASE + "/api/orders"))
                .header("Content-Type", "application/json").header("traceparent", trace[1])
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":-1}")));
        assertEquals(trace[0], assertProblem(refused, 400).getString("traceId"), "the problem names the caller's trace");
    }

    /**
     * A long-poll is suspended on the server thread that took it and answered from another. WildFly's telemetry
     * left the poll's span current on the first thread, and the next request that thread served passed the poll's
     * trace on to IOTPay (seen when this test ran after the long-poll tests). So polls are held on several threads
     * (orders.max-waiting is 3 here) before each traced request, a few times over, and each request is checked.
     */
    @Test
    void aCallersTraceIsFollowedIntoIotPaysRequestOnThreadsThatServedLongPollsBefore() throws Exception {
        String waiting = json(postJson("/api/orders", channelRequest("WX_NATIVE", 300))).getString("mchOrderNo");
        ExecutorService pollers = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<HttpResponse<String>>> polls = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    polls.add(pollers.submit(() -> get("/api/orders/" + waiting + "?wait=1&known=PENDING")));
                }
                for (Future<HttpResponse<String>> poll : polls) {
                    assertEquals(200, poll.get().statusCode(), "a long-poll, answered at the end of its wait");
                }
                String[] trace = newTraceparent();
                String number = createInTrace(trace);
                assertEquals(trace[0], gatewayOrder(number).getString("traceparent").split("-")[1],
                        "after long-polls (round " + round + "), IOTPay's request is still in the caller's trace");
            }
        } finally {
            pollers.shutdownNow();
        }
    }

    /** Creates an order in the caller's {@code trace}; its number. */
    private static String createInTrace(String[] trace) {
        HttpResponse<String> created = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Backend.BASE + "/api/orders"))
                .header("Content-Type", "application/json").header("traceparent", trace[1])
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":777}")));
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("mchOrderNo");
    }

    @Test
    void withoutATraceparentEachRequestAndEachProblemHasATraceOfItsOwn() {
        String first = assertProblem(get("/api/orders/NO-SUCH-ORDER"), 404).getString("traceId");
        String second = assertProblem(get("/api/orders/NO-SUCH-ORDER"), 404).getString("traceId");
        assertFalse(first.equals(second), "two requests, two traces");
        HttpResponse<String> malformed = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Backend.BASE + "/api/orders/NO-SUCH-ORDER"))
                .header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01").GET());
        assertFalse(assertProblem(malformed, 404).getString("traceId").startsWith("0000"), "an invalid traceparent starts a new trace");
    }

    @Test
    void aNotificationStartsItsOwnTraceWhateverHeaderItCarries() {
        JsonObject order = createOrder(3300);
        String number = order.getString("mchOrderNo");
        String[] forged = newTraceparent();
        String form = form(paidNotification(order));
        HttpResponse<String> answer = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Backend.BASE + "/api/notify"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("traceparent", forged[1])
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)));
        assertAcknowledged(answer);
        List<String> lines = ConsoleCapture.text().lines().filter(line -> line.contains("orderNo=" + number)
                && line.contains("IOTPay notification for ")).toList();
        assertFalse(lines.isEmpty(), "the notification's log line names the order");
        assertTrue(lines.stream().allMatch(line -> line.matches(".*traceId=[0-9a-f]{32}.*") && !line.contains(forged[0])),
                "and a trace of its own: " + lines);
    }

    // ---- a datasource of its own -------------------------------------------------------------

    @Test
    void anotherApplicationOnTheServerKeepsTheServersDefaultDatasource() {
        JsonObject ours = json(get("/it-support/control/datasource"));
        assertTrue(ours.getBoolean("paymentOrderTable"), ours.toString());
        if (Backend.ON_WILDFLY) {
            deployer.deploy("neighbour");
        }
        try {
            HttpResponse<String> answer = get("/neighbour/");
            assertEquals(200, answer.statusCode(), answer.body());
            JsonObject neighbours = json(answer);
            // The server's stock default datasource: WildFly's ExampleDS, Payara's embedded H2 (jdbc/__default).
            String stockDefault = Backend.ON_WILDFLY ? "jdbc:h2:mem:test" : "/lib/databases/embedded_default";
            assertTrue(neighbours.getString("url").contains(stockDefault), neighbours + " is not the server's own default");
            assertEquals("H2", neighbours.getString("product"));
            assertFalse(neighbours.getBoolean("paymentOrderTable"), "our tables are in the neighbour's database: " + neighbours);
            assertFalse(neighbours.getString("url").equals(ours.getString("url")), ours + " is the server's default");
        } finally {
            if (Backend.ON_WILDFLY) {
                deployer.undeploy("neighbour");
            }
        }
    }

    // ---- secrets -----------------------------------------------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void theMerchantKeyAppearsInNoLogLineOfTheRun() {
        String log = ConsoleCapture.text();
        assertTrue(log.contains("iotpay-merchant ready"), "the server log was captured");
        assertTrue(log.contains("Refused notification"), "the run logged refusals");
        // it-logging.properties (Payara Micro) and wildfly-it-logging.cli (WildFly) log the application at every level.
        assertTrue(log.contains("IOTPay notification for "), "FINE lines were captured too (payments are logged at FINE)");
        assertFalse(log.contains(MERCHANT_KEY), "the merchant key was logged");
        assertFalse(log.contains(URLEncoder.encode(MERCHANT_KEY, StandardCharsets.UTF_8)));
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A PENDING order gets a notification altered by {@code change}: refused, and nothing happens. */
    private static void refusedAndUnchanged(Consumer<Map<String, String>> change, int expectedStatus) {
        JsonObject order = createOrder(3100);
        String number = order.getString("mchOrderNo");
        Map<String, String> notification = paidNotification(order);
        change.accept(notification);
        HttpResponse<String> answer = deliver(notification);
        assertRefused(answer);
        assertProblem(answer, expectedStatus);
        assertEquals("PENDING", status(number));
        Backend.dispatch();
        assertEquals(0, Backend.events(number).size(), "no event was written, so nothing can be fulfilled");
        assertEquals(0, fulfilments(number));
    }

    /**
     * A PENDING order gets a correctly signed notification altered by {@code change}: acknowledged,
     * the order waits for a person in NEEDS_REVIEW, announced once, never fulfilled. Returns the order.
     */
    private static JsonObject keptForReview(Consumer<Map<String, String>> change) {
        JsonObject created = createOrder(3100);
        String number = created.getString("mchOrderNo");
        Map<String, String> notification = paidNotification(created);
        change.accept(notification);
        assertAcknowledged(deliver(notification));
        assertAcknowledged(deliver(notification)); // IOTPay's retry changes nothing
        assertEquals("NEEDS_REVIEW", status(number));
        JsonObject ledger = Backend.ledger(Backend.BASE, number);
        assertEquals(1, ledger.getInt("needsReview"), ledger.toString());
        assertEquals(0, ledger.getInt("succeeded"), "never fulfilled");
        return json(get("/api/orders/" + number));
    }

    /** A Prometheus sample named {@code name}, carrying the labels, with a value of at least one. */
    private static void assertCounted(String metrics, String name, String... labels) {
        boolean found = metrics.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")) // labels, or none (WildFly)
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1);
        assertTrue(found, name + " " + String.join(",", labels) + " in\n" + metrics);
    }

    private static Map<String, String> with(Map<String, String> parameters, String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(parameters);
        copy.put(name, value);
        return copy;
    }

    private static int awaitGatewayStatus(String number, int expected) {
        int status = -1;
        for (int i = 0; i < 50 && status != expected; i++) {
            status = gatewayOrder(number).getInt("status");
            Backend.pause(100);
        }
        return status;
    }

    private static <T> List<T> concurrently(int count, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theConsoleIsOpenWithABannerWhenApiAuthIsNone() {
        HttpResponse<String> page = get("/console/");
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("{\"authMode\":\"none\"}", get("/console/settings").body());
        try (Browser browser = new Browser()) {
            browser.open(Backend.BASE + "/console/");
            String shown = browser.awaitText("Open console");
            assertTrue(shown.contains("api.auth=none"), shown);
            assertTrue(shown.contains("This build fakes IOTPay"), "the test deployment is a sandbox build: " + shown);
            browser.await(org.openqa.selenium.By.id("queue-card"));
            browser.screenshot("overview-api-auth-none");
        }
    }
}
