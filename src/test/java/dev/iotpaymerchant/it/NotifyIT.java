package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.MERCHANT_KEY;
import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.assertRefused;
import static dev.iotpaymerchant.it.Backend.createOrder;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.form;
import static dev.iotpaymerchant.it.Backend.fulfilments;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.signed;
import static dev.iotpaymerchant.it.Backend.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * IOTPay's notifications at {@code /api/notify}, over HTTP on Payara Micro: applied exactly once however often
 * they come, forged or mismatched ones changing nothing, what IOTPay may legitimately send accepted; and, last,
 * the merchant key that signs them in no line of the server log. Every test makes its own orders, so their
 * order does not matter, except the last, which reads the whole log of the run (the refusals included).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifyIT {

    static {
        ConsoleCapture.install();
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war();
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

    private static Map<String, String> with(Map<String, String> parameters, String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(parameters);
        copy.put(name, value);
        return copy;
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
}
