package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.MERCHANT_KEY;
import static dev.iotpaymerchant.it.Backend.advanceClock;
import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.dispatch;
import static dev.iotpaymerchant.it.Backend.fault;
import static dev.iotpaymerchant.it.Backend.gatewayOrder;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.payAtGateway;
import static dev.iotpaymerchant.it.Backend.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.json.JsonObject;

import com.sun.net.httpserver.HttpServer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The operator console in headless Chromium against the deployed WAR with api.auth=jwt: operators
 * sign in at a real OpenID Connect provider started by the test (mock-oauth2-server: authorization
 * code with PKCE), the sandbox is IOTPay, and a webhook receiver stands in for the shop.
 * Screenshots of each page go to target/console-screenshots.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

    private static final int PROVIDER_PORT = 18096;
    private static final int RECEIVER_PORT = 18097;
    private static final int ATTACKER_PORT = 18098;
    private static final String ISSUER = "http://localhost:" + PROVIDER_PORT + "/default";
    private static final String OPERATORS = "iotpay-operators";
    private static final String CONSOLE = Backend.BASE + "/console/";
    /** The API's audience: the provider puts it in every access token, and the deployment requires it. */
    private static final String AUDIENCE = "iotpay-merchant";

    private static MockOAuth2Server provider;
    private static WebhookReceiver receiver;
    private static HttpServer attacker;
    private Browser browser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("api.auth=jwt\n"
                + "mp.jwt.verify.publickey.location=" + ISSUER + "/jwks\n"
                + "mp.jwt.verify.issuer=" + ISSUER + "\n"
                + "mp.jwt.verify.audiences=" + AUDIENCE + "\n"
                + "api.operator-group=" + OPERATORS + "\n"
                + "console.oidc.client-id=iotpay-console\n"
                + "webhooks.url=" + WebhookReceiver.url(RECEIVER_PORT) + "\n"
                + "webhooks.secret=" + WebhookReceiver.SECRET + "\n"
                + "webhooks.timeout-ms=2000\n"
                + "webhooks.retry-schedule-seconds=5\n"
                + "audit.interval-minutes=1\n");
    }

    @BeforeAll
    static void startCounterparts() throws IOException {
        // Interactive login (the username becomes sub, the typed JSON adds claims), access tokens for the API's audience.
        provider = new MockOAuth2Server(new OAuth2Config(true, null, null, false, new OAuth2TokenProvider(),
                Set.of(new DefaultOAuth2TokenCallback("default", "unused", "JWT", List.of(AUDIENCE), Map.of(), 600L))));
        provider.start(InetAddress.getByName("localhost"), PROVIDER_PORT);
        receiver = new WebhookReceiver(RECEIVER_PORT);
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", ATTACKER_PORT), 10);
        attacker.start();
    }

    @AfterAll
    static void stopCounterparts() {
        provider.shutdown();
        receiver.close();
        attacker.stop(0);
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        receiver.mode(WebhookReceiver.Mode.OK);
        browser.close();
    }

    @Test
    void anOperatorSignsInSeesTheOverviewAndSignsOut() {
        JsonObject order = paidOrder(1999);
        signIn("olivia", true);
        browser.await(By.id("queue-card"));
        String page = browser.awaitText("Paid orders per hour");
        assertTrue(page.contains("Orders today"), page);
        assertTrue(page.contains("WX_APP"), page);
        assertTrue(page.contains("olivia"), "the signed-in operator is named: " + page);
        assertEquals(24L, browser.script("return document.querySelectorAll('svg.chart rect').length"));
        assertTrue(((Number) browser.script("return [...document.querySelectorAll('svg.chart rect')]"
                + ".filter(r => Number(r.getAttribute('height')) > 0).length")).intValue() >= 1,
                "the hour of " + order.getString("mchOrderNo") + "'s payment has a bar");
        browser.screenshot("overview");

        browser.driver.findElement(By.id("sign-out")).click();
        browser.await(By.id("sign-in"));
        assertEquals(null, browser.script("return sessionStorage.getItem('iotpay-console.session')"));
    }

    @Test
    void someoneOutsideTheOperatorGroupIsRefused() {
        signIn("shopper", false);
        String page = browser.awaitText("No access");
        assertTrue(page.contains("not in the operator group"), page);
        assertFalse(page.contains("Orders today"), page);
        browser.screenshot("refused");
        assertEquals(403, Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/console/overview"))
                .header("Authorization", "Bearer " + token("shopper", false))).statusCode());
    }

    @Test
    void theTimelineTellsAPaymentsStory() {
        JsonObject order = paidOrder(2500);
        String number = order.getString("mchOrderNo");
        awaitWebhook(number, "payment.succeeded");
        signIn("olivia", true);
        openOrder(number);
        String timeline = browser.awaitText("Webhook attempt 1 → HTTP 204");
        for (String expected : List.of("Order created", "by\nolivia", "IOTPay create_order → ACCEPTED", "Notification APPLIED",
                "Event payment.succeeded", "25.00 CAD")) {
            assertTrue(timeline.contains(expected), "'" + expected + "' in " + timeline);
        }
        assertFalse(timeline.contains("sign="), "the notification's sign is never shown: " + timeline);
        browser.screenshot("order-detail");
    }

    @Test
    void anUnpaidQrOrderShowsItsChannelNextActionAndQrCodeUntilItIsPaid() {
        HttpResponse<String> created = operatorPost("/api/orders", "{\"channelId\":\"WX_NATIVE\",\"amount\":1500}",
                UUID.randomUUID().toString());
        assertEquals(201, created.statusCode(), created.body());
        String number = json(created).getString("mchOrderNo");
        signIn("olivia", true);
        openOrder(number);
        String page = browser.awaitText("the payer scans a QR code");
        assertTrue(page.contains("WX_NATIVE"), page);
        Object width = browser.waitFor(d -> {
            Object loaded = browser.script("const img = document.getElementById('qr'); return img && img.complete ? img.naturalWidth : 0;");
            return loaded instanceof Number n && n.longValue() > 0 ? n : null;
        });
        assertTrue(((Number) width).longValue() > 0, "the QR code is drawn, fetched with the operator's token");
        browser.screenshot("order-qr");

        payAtGateway(number, true);
        assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(10)));
        browser.driver.navigate().refresh();
        String paid = browser.waitFor(d -> { // the page is drawn anew: wait for the new one, whatever is stale meanwhile
            try {
                String main = d.findElement(By.id("main")).getText();
                return main.contains("Order " + number) && main.contains("PAID") && !d.findElements(By.id("timeline")).isEmpty()
                        ? main : null;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException redrawn) {
                return null;
            }
        });
        assertTrue(browser.driver.findElements(By.id("qr")).isEmpty(), "no QR code once the order is paid");
        assertFalse(paid.contains("Next action"), paid);
    }

    @Test
    void aRefundFromTheDetailPageReachesIotPayAndTheTimeline() {
        String number = paidOrder(4000).getString("mchOrderNo");
        signIn("olivia", true);
        openOrder(number);
        browser.await(By.id("refund")).click();
        WebElement amount = browser.await(By.id("refund-amount"));
        assertEquals("40.00", amount.getDomProperty("value"), "the dialog offers the order's refundable");
        amount.clear();
        amount.sendKeys("12.50");
        browser.driver.findElement(By.id("refund-reason")).sendKeys("damaged item");
        browser.screenshot("refund-dialog");
        browser.driver.findElement(By.id("confirm-ok")).click();
        String timeline = browser.awaitText("SUCCEEDED");
        assertTrue(timeline.contains("Operator action refund.requested"), timeline);
        assertTrue(timeline.contains("12.50 CAD: damaged item"), "the audit line in major units: " + timeline);
        assertTrue(timeline.contains("12.50 CAD"), "the refunded amount in major units: " + timeline);
        String notice = browser.await(By.id("refund-notice")).getText();
        assertTrue(notice.contains("12.50 CAD SUCCEEDED"), notice);
        var refunds = gatewayOrder(number).getJsonArray("refunds");
        assertEquals(1, refunds.size(), "IOTPay got exactly one refund: " + refunds);
        assertEquals(1250, refunds.getJsonObject(0).getJsonNumber("refundAmount").longValue());

        // What is left, as the server counts it, is what the next refund offers.
        assertEquals(2750, json(operatorGet("/api/orders/" + number)).getJsonNumber("refundable").longValue());
        browser.await(By.id("refund")).click();
        assertEquals("27.50", browser.await(By.id("refund-amount")).getDomProperty("value"));
        browser.driver.findElement(By.id("confirm-cancel")).click();
        browser.waitFor(d -> Boolean.FALSE.equals(browser.script("return document.getElementById('confirm').open")) ? true : null);
        assertEquals(1, gatewayOrder(number).getJsonArray("refunds").size(), "cancelled: nothing sent");
    }

    @Test
    void aRefundWhoseOutcomeIsUnknownIsShownAndNotOfferedAgainUntilItIsSettled() {
        String number = paidOrder(3000).getString("mchOrderNo");
        fault("refund_order", "HTTP_500", true); // IOTPay makes the refund but answers 500: the API says 504
        signIn("olivia", true);
        openOrder(number);
        browser.await(By.id("refund")).click();
        WebElement amount = browser.await(By.id("refund-amount"));
        assertEquals("30.00", amount.getDomProperty("value"));
        amount.clear();
        amount.sendKeys("10.00");
        browser.driver.findElement(By.id("confirm-ok")).click();

        // The dialog closes (no retry, no new key) and the order's page shows the refund.
        String notice = browser.await(By.id("refund-notice")).getText();
        assertEquals(Boolean.FALSE, browser.script("return document.getElementById('confirm').open"), "the dialog closed");
        JsonObject refund = json(operatorGet("/api/orders/" + number + "/refunds")).getJsonArray("refunds").getJsonObject(0);
        String refundNo = refund.getString("refundNo");
        assertEquals("UNKNOWN", refund.getString("status"));
        assertTrue(notice.contains(refundNo) && notice.contains("not known yet") && notice.contains("Do not retry"), notice);
        assertUnsettledRefundBlocksANewOne(refundNo);
        assertTrue(browser.driver.findElement(By.id("refunds")).getText().contains("UNKNOWN"));
        browser.screenshot("refund-outcome-unknown");

        browser.driver.navigate().refresh(); // closing and coming back offers no new refund either
        browser.await(By.id("timeline"));
        assertUnsettledRefundBlocksANewOne(refundNo);
        assertEquals(1, gatewayOrder(number).getJsonArray("refunds").size(), "IOTPay got one refund");

        assertEquals("SUCCEEDED", settleRefund(number, refundNo));
        browser.driver.navigate().refresh();
        browser.await(By.id("timeline"));
        WebElement again = browser.await(By.id("refund"));
        assertTrue(again.isEnabled(), "offered again once settled");
        assertTrue(browser.driver.findElements(By.id("refund-blocked")).isEmpty());
        again.click();
        assertEquals("20.00", browser.await(By.id("refund-amount")).getDomProperty("value"), "what is left");
        browser.driver.findElement(By.id("confirm-cancel")).click();
        assertEquals(1, gatewayOrder(number).getJsonArray("refunds").size(), "still one refund at IOTPay");
    }

    @Test
    void aNeedsReviewItemIsResolvedWithANoteAndLeavesTheQueue() {
        JsonObject order = createOrder(3000);
        String number = order.getString("mchOrderNo");
        Map<String, String> contradicting = paidNotification(order);
        contradicting.put("amount", "2999");
        assertAcknowledged(deliver(signed(contradicting, MERCHANT_KEY)));
        assertEquals("NEEDS_REVIEW", awaitStatus(number, "NEEDS_REVIEW", Duration.ofSeconds(10)));

        signIn("olivia", true);
        browser.open(CONSOLE + "#/review");
        WebElement item = browser.await(By.cssSelector("#needs-review [data-order='" + number + "']"));
        browser.screenshot("review-queue");
        assertTrue(item.getText().contains("paid 29.99 CAD") && item.getText().contains("the order is for 30.00 CAD"),
                "the reason in major units: " + item.getText());
        item.findElement(By.cssSelector("button.resolve")).click();
        browser.await(By.id("resolve-note")).sendKeys("Customer paid 29.99 by mistake; refunded the difference offline.");
        browser.driver.findElement(By.id("confirm-ok")).click();
        browser.waitFor(d -> d.findElements(By.cssSelector("#needs-review [data-order='" + number + "']")).isEmpty());

        openOrder(number);
        String timeline = browser.awaitText("Operator action review.resolved");
        assertTrue(timeline.contains("Customer paid 29.99 by mistake"), timeline);
        assertTrue(timeline.contains("olivia"), timeline);
        assertTrue(browser.driver.findElements(By.id("resolve")).isEmpty(), "no second resolution is offered");
        // Resolving again changes nothing and answers the first resolution.
        HttpResponse<String> again = operatorPost("/api/console/orders/" + number + "/resolution", "{\"note\":\"again\"}", null);
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(json(again).getString("note").startsWith("Customer paid"));
    }

    @Test
    void aCheckoutPaidTwiceIsInTheQueueFoundByItsReferenceShownWithItsAttemptsAndResolved() {
        String reference = "console-" + UUID.randomUUID();
        HttpResponse<String> made = operatorPost("/api/checkouts",
                "{\"amount\":1500,\"subject\":\"Green kettle\",\"reference\":\"" + reference + "\"}", null);
        assertEquals(201, made.statusCode(), made.body());
        String checkoutId = json(made).getString("checkoutId");
        List<String> attempts = List.of(payCheckout(checkoutId), payCheckout(checkoutId));
        attempts.forEach(number -> payAtGateway(number, true));
        attempts.forEach(ConsoleIT::awaitPaid);
        JsonObject checkout = json(operatorGet("/api/checkouts/" + checkoutId));
        String paying = checkout.getString("paidOrder");
        String extra = attempts.get(0).equals(paying) ? attempts.get(1) : attempts.get(0);
        assertEquals("[\"" + extra + "\"]", checkout.getJsonArray("extraPayments").toString());

        signIn("olivia", true);
        browser.open(CONSOLE + "#/review");
        By queued = By.cssSelector("#overpaid-checkouts [data-checkout='" + checkoutId + "']");
        String item = browser.await(queued).getText();
        for (String expected : List.of(reference, "15.00 CAD", "paid by " + paying, "extra: " + extra)) {
            assertTrue(item.contains(expected), "'" + expected + "' in " + item);
        }
        browser.screenshot("review-queue-overpaid-checkout");

        browser.open(CONSOLE + "#/checkouts");
        WebElement unfiltered = browser.await(By.id("checkout-filters"));
        browser.await(By.id("checkout-reference")).sendKeys(reference);
        browser.driver.findElement(By.cssSelector("#checkout-filters button[type=submit]")).click();
        browser.waitFor(ExpectedConditions.stalenessOf(unfiltered)); // the page shown again, for the search
        assertTrue(browser.driver.getCurrentUrl().contains("reference=" + reference), browser.driver.getCurrentUrl());
        WebElement row = browser.await(By.cssSelector("#checkouts [data-checkout='" + checkoutId + "']"));
        assertEquals(1L, browser.script("return document.querySelectorAll('#checkouts tbody tr').length"), "found by reference alone");
        assertTrue(row.getText().contains("PAID") && row.getText().contains("15.00 CAD") && row.getText().contains(reference),
                row.getText());
        browser.screenshot("checkouts");
        row.findElement(By.linkText(checkoutId)).click();

        String paidRow = browser.await(By.cssSelector("#attempts [data-order='" + paying + "']")).getText();
        String extraRow = browser.driver.findElement(By.cssSelector("#attempts [data-order='" + extra + "']")).getText();
        assertTrue(paidRow.contains("WX_APP") && paidRow.contains("paid the checkout"), paidRow);
        assertTrue(extraRow.contains("extra payment"), extraRow);
        assertTrue(browser.driver.findElement(By.id("checkout-facts")).getText().contains("Paid by\n" + paying),
                browser.driver.findElement(By.id("checkout-facts")).getText());
        assertTrue(browser.driver.findElement(By.id("overpaid")).getText().contains(extra));
        browser.screenshot("checkout-detail");
        browser.driver.findElement(By.cssSelector("#attempts [data-order='" + extra + "'] a")).click();
        browser.await(By.id("timeline"));
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/orders/" + extra), "an attempt links to its order's timeline");

        browser.open(CONSOLE + "#/review");
        browser.await(queued).findElement(By.cssSelector("button.resolve-checkout")).click();
        browser.await(By.id("resolve-note")).sendKeys("The extra payment went back; told the payer.");
        browser.driver.findElement(By.id("confirm-ok")).click();
        browser.waitFor(d -> d.findElements(queued).isEmpty());

        JsonObject queue = json(operatorGet("/api/console/review-queue"));
        assertFalse(queue.getJsonArray("overpaidCheckouts").toString().contains(checkoutId), queue.toString());
        String timeline = operatorGet("/api/console/orders/" + extra + "/timeline").body();
        assertTrue(timeline.contains("Operator action review.resolved") && timeline.contains(checkoutId)
                && timeline.contains("The extra payment went back"), "audited on the extra payment: " + timeline);
        HttpResponse<String> again = operatorPost("/api/console/checkouts/" + checkoutId + "/resolution", "{\"note\":\"again\"}", null);
        assertEquals(409, again.statusCode(), "nothing waits any more: " + again.body());
        assertEquals(checkoutId, json(again).getString("checkoutId"));
        assertEquals(404, operatorPost("/api/console/checkouts/COnothingHere00000000000/resolution", "{\"note\":\"x\"}",
                null).statusCode());
    }

    @Test
    void aFailedWebhookIsRedeliveredFromTheQueue() {
        receiver.mode(WebhookReceiver.Mode.DOWN);
        String number = paidOrder(1234).getString("mchOrderNo");
        String eventId = awaitFailedWebhook(number);
        receiver.mode(WebhookReceiver.Mode.OK);
        int before = receiver.forOrder(number).size();

        signIn("olivia", true);
        browser.open(CONSOLE + "#/review");
        WebElement item = browser.await(By.cssSelector("#failed-webhooks [data-event='" + eventId + "']"));
        item.findElement(By.cssSelector("button.redeliver")).click();
        browser.await(By.id("redeliver-note")).sendKeys("receiver fixed");
        browser.driver.findElement(By.id("confirm-ok")).click();
        browser.waitFor(d -> d.findElements(By.cssSelector("#failed-webhooks [data-event='" + eventId + "']")).isEmpty());

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.forOrder(number).stream().noneMatch(r -> r.answered() == 204) && System.nanoTime() < deadline) {
            dispatch();
            pause(200);
        }
        List<WebhookReceiver.Received> delivered = receiver.forOrder(number).stream().filter(r -> r.answered() == 204).toList();
        assertEquals(1, delivered.size(), "delivered once after the redelivery: " + receiver.forOrder(number));
        assertEquals(eventId, delivered.get(0).id(), "the same webhook-id");
        assertTrue(receiver.forOrder(number).size() > before);
        openOrder(number);
        String timeline = browser.awaitText("HTTP 204");
        assertTrue(timeline.contains("Operator action webhook.redelivered"), timeline);
        assertTrue(timeline.contains("receiver fixed"), timeline);

        // Through the API: a retried request answers the first and sends nothing more; its key names that event only.
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = operatorPost("/api/console/events/" + eventId + "/redelivery", "{}", key);
        assertEquals(202, first.statusCode(), first.body());
        HttpResponse<String> retried = operatorPost("/api/console/events/" + eventId + "/redelivery", "{}", key);
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals(json(first), json(retried));
        assertEquals(2, operatorGet("/api/console/orders/" + number + "/timeline").body()
                .split("Operator action webhook.redelivered", -1).length - 1, "one audit entry per redelivery, not per request");
        assertEquals(422, operatorPost("/api/console/events/evt_another/redelivery", "{}", key).statusCode());
        assertEquals(400, operatorPost("/api/console/events/" + eventId + "/redelivery", "{}", null).statusCode(),
                "a redelivery needs a key");
    }

    @Test
    void aFailedDeliveryToTheApplicationIsInTheQueueAndRedeliveredToTheObserversThatDidNotTakeIt() {
        JsonObject overviewBefore = json(operatorGet("/api/console/overview"));
        long failedObserversBefore = overviewBefore.getJsonNumber("failedObservers").longValue();
        long failedWebhooksBefore = overviewBefore.getJsonNumber("failedWebhooks").longValue();
        JsonObject order = createOrder(1357);
        String number = order.getString("mchOrderNo");
        failObserver(number, 2); // the first try and the one retry of webhooks.retry-schedule-seconds=5
        payAtGateway(number, true);
        assertEquals("PAID", awaitStatus(number, "PAID", Duration.ofSeconds(10)));
        String eventId = awaitFailedObservers(number);
        JsonObject ledger = Backend.ledger(Backend.BASE, number);
        assertEquals(2, ledger.getInt("ledgerCalls"), "tried on the whole schedule: " + ledger);
        assertEquals(0, ledger.getInt("succeeded"), ledger.toString());
        assertEquals(1, ledger.getInt("auditSucceeded"), "the other observer took it on the first try: " + ledger);

        // In the queue, and counted in the overview apart from failed webhooks.
        JsonObject queued = failedObserversInQueue(eventId);
        assertEquals(number, queued.getString("mchOrderNo"));
        assertEquals("FAILED", queued.getString("observers"));
        assertEquals(2, queued.getInt("attempts"));
        assertTrue(queued.getString("error").contains("the fulfilment system is down"), queued.toString());
        JsonObject overview = json(operatorGet("/api/console/overview"));
        assertEquals(failedObserversBefore + 1, overview.getJsonNumber("failedObservers").longValue(), overview.toString());
        assertEquals(failedWebhooksBefore, overview.getJsonNumber("failedWebhooks").longValue(), "its webhook was delivered");

        // Through the API: redelivered from now on the full schedule; a retried request answers the first.
        failObserver(number, 2);
        String key = UUID.randomUUID().toString();
        String path = "/api/console/events/" + eventId + "/observer-redelivery";
        HttpResponse<String> first = operatorPost(path, "{\"note\":\"fulfilment restarted\"}", key);
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(eventId, json(first).getString("eventId"));
        assertEquals("olivia", json(first).getString("requestedBy"));
        HttpResponse<String> retried = operatorPost(path, "{\"note\":\"fulfilment restarted\"}", key);
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals(json(first), json(retried));
        assertEquals(422, operatorPost("/api/console/events/evt_another/observer-redelivery", "{}", key).statusCode(),
                "a key names one event");
        assertEquals(400, operatorPost(path, "{}", null).statusCode(), "a redelivery needs a key");
        assertEquals(eventId, awaitFailedObservers(number), "failed again on the whole schedule");
        assertEquals(4, Backend.ledger(Backend.BASE, number).getInt("ledgerCalls"), "two more tries, not one");

        // From the console: the queue item, the dialog, and the observer that had failed takes it.
        signIn("olivia", true);
        String counted = browser.await(By.id("failures-card")).getText();
        assertEquals(String.valueOf(overview.getJsonNumber("failedObservers").longValue()),
                browser.driver.findElement(By.id("failed-observers-count")).getText(), counted);
        assertTrue(counted.contains("to the application"), counted);
        browser.open(CONSOLE + "#/review");
        WebElement item = browser.await(By.cssSelector("#failed-observers [data-event='" + eventId + "']"));
        assertTrue(item.getText().contains("the fulfilment system is down"), item.getText());
        browser.script("arguments[0].scrollIntoView({block: 'center'})", item);
        browser.screenshot("review-queue-failed-observers");
        item.findElement(By.cssSelector("button.redeliver-observers")).click();
        browser.await(By.id("redeliver-observers-note")).sendKeys("fulfilment fixed");
        browser.driver.findElement(By.id("confirm-ok")).click();
        browser.waitFor(d -> d.findElements(By.cssSelector("#failed-observers [data-event='" + eventId + "']")).isEmpty());
        awaitObserversDelivered(number);
        ledger = Backend.ledger(Backend.BASE, number);
        assertEquals(1, ledger.getInt("succeeded"), "one business effect: " + ledger);
        assertEquals(5, ledger.getInt("ledgerCalls"), "called once more: " + ledger);
        assertEquals(1, ledger.getInt("auditSucceeded"), "an observer that took the event is not called again: " + ledger);
        assertEquals(failedObserversBefore,
                json(operatorGet("/api/console/overview")).getJsonNumber("failedObservers").longValue());

        openOrder(number);
        String timeline = browser.awaitText("fulfilment fixed");
        assertTrue(timeline.contains("Operator action observers.redelivered"), timeline);
        assertTrue(timeline.contains("fulfilment restarted"), timeline);
        assertTrue(browser.driver.findElements(By.cssSelector("#events [data-event='" + eventId + "'] button.redeliver-observers"))
                .isEmpty(), "delivered: nothing to redeliver to the application");
        assertEquals(2, operatorGet("/api/console/orders/" + number + "/timeline").body()
                .split("Operator action observers.redelivered", -1).length - 1, "one audit entry per redelivery, not per request");

        // A delivery that is not FAILED is not redelivered, whatever the key.
        JsonObject refused = Backend.assertProblem(operatorPost(path, "{}", UUID.randomUUID().toString()), 409);
        assertEquals("urn:iotpay-merchant:problem:observers-not-failed", refused.getString("type"));
        assertTrue(refused.getString("detail").contains("DELIVERED"), refused.toString());
        assertEquals(5, Backend.ledger(Backend.BASE, number).getInt("ledgerCalls"), "not called again");
        assertEquals(2, operatorGet("/api/console/orders/" + number + "/timeline").body()
                .split("Operator action observers.redelivered", -1).length - 1, "a refused request is not audited");
    }

    @Test
    void theSelfAuditFindsAnEventStuckPendingPastItsLastTryShowsItAndClearsItAfterARedelivery() {
        String number = paidOrder(1717).getString("mchOrderNo");
        awaitWebhook(number, "payment.succeeded");
        String eventId = paymentSucceeded(number).getString("eventId");
        HttpResponse<String> broken = Backend.post("/it-support/control/break-row", "text/plain", "UPDATE payment_event"
                + " SET webhook_state = 'PENDING', webhook_attempts = 99, webhook_next_at = CURRENT_TIMESTAMP + INTERVAL '99' DAY"
                + " WHERE event_id = '" + eventId + "'");
        assertEquals("{\"updated\":1}", broken.body(), "one row broken: its webhook out of tries, still PENDING");

        HttpResponse<String> ran = operatorPost("/api/console/audit", "", null);
        assertEquals(200, ran.statusCode(), ran.body());
        JsonObject finding = auditFinding(json(ran), number)
                .orElseThrow(() -> new AssertionError("the audit run found nothing about " + number + ": " + ran.body()));
        assertEquals("event-not-failed", finding.getString("invariant"));
        assertEquals(eventId + " webhook", finding.getString("subject"));
        assertEquals("olivia", json(ran).getJsonObject("run").getString("startedBy"));
        JsonObject last = json(operatorGet("/api/console/audit"));
        assertEquals(json(ran).getJsonObject("run").getJsonNumber("id"), last.getJsonObject("run").getJsonNumber("id"),
                "any node answers the last run");
        assertEquals(finding, auditFinding(last, number).orElseThrow());
        String metrics = Backend.ON_WILDFLY ? Backend.getFrom(Backend.HEALTH, "/prometheus").body() : Backend.get("/metrics").body();
        assertTrue(metricValue(metrics, "audit_violations_total{", "invariant=\"event-not-failed\"") >= 1, metrics);
        assertTrue(metricValue(metrics, "audit_last_run_seconds", "") > 1_700_000_000, "the last run's time, in epoch seconds");
        assertEquals(403, Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/console/audit"))
                .header("Authorization", "Bearer " + token("shopper", false)).POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode(), "operators only");

        signIn("olivia", true);
        browser.open(CONSOLE + "#/audit");
        WebElement listed = browser.await(By.cssSelector("#audit-findings [data-invariant='event-not-failed'] a[href='#/orders/"
                + number + "']"));
        browser.screenshot("audit");
        listed.click();
        browser.await(By.id("timeline"));

        // The operator's existing action repairs it: a redelivery; the next run finds nothing about the order.
        HttpResponse<String> redelivered = operatorPost("/api/console/events/" + eventId + "/redelivery", "{}",
                UUID.randomUUID().toString());
        assertEquals(202, redelivered.statusCode(), redelivered.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"DELIVERED".equals(paymentSucceeded(number).getString("webhook")) && System.nanoTime() < deadline) {
            dispatch();
            pause(200);
        }
        assertEquals("DELIVERED", paymentSucceeded(number).getString("webhook"));
        HttpResponse<String> again = operatorPost("/api/console/audit", "", null);
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(auditFinding(json(again), number).isEmpty(), again.body());
        assertTrue(auditFinding(json(operatorGet("/api/console/audit")), number).isEmpty());

        // The schedule (every minute here) runs it too, on the node that claims it, and finds nothing about the order.
        long afterRepair = json(again).getJsonObject("run").getJsonNumber("id").longValue();
        // The test classes before this one share the database, and their clocks ran hours ahead: the schedule they
        // left is not due yet. Make it due, as the interval (or a stopped node's lease) passing would.
        HttpResponse<String> due = Backend.post("/it-support/control/break-row", "text/plain",
                "UPDATE audit_schedule SET next_run_at = CURRENT_TIMESTAMP - INTERVAL '1' DAY");
        assertEquals(200, due.statusCode(), due.body());
        // due now: seen at the timer's next tick, within a minute (more on a busy machine)
        long until = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        JsonObject scheduled = json(operatorGet("/api/console/audit"));
        while (!(scheduled.getJsonObject("run").getJsonNumber("id").longValue() > afterRepair
                && "schedule".equals(scheduled.getJsonObject("run").getString("startedBy"))) && System.nanoTime() < until) {
            pause(1000);
            scheduled = json(operatorGet("/api/console/audit"));
        }
        assertEquals("schedule", scheduled.getJsonObject("run").getString("startedBy"), scheduled.toString());
        assertTrue(auditFinding(scheduled, number).isEmpty(), scheduled.toString());
    }

    @Test
    void markupInANotificationParameterIsShownAsText() {
        JsonObject order = createOrder(700);
        String number = order.getString("mchOrderNo");
        // within param1's 64 characters (IotPayNotification in the contract)
        String payload = "<img src=x onerror=\"window.__xss=1\"><script>__xss=2</script>";
        Map<String, String> notification = paidNotification(order);
        notification.put("param1", payload);
        assertAcknowledged(deliver(signed(notification, MERCHANT_KEY)));

        signIn("olivia", true);
        openOrder(number);
        String timeline = browser.awaitText("Notification ");
        assertTrue(timeline.contains(payload), "the parameter shown as it was sent: " + timeline);
        assertEquals(Boolean.TRUE, browser.script("return window.__xss === undefined"));
        assertEquals(0L, browser.script("return document.querySelectorAll('#timeline img, #timeline script').length"));
        browser.screenshot("order-detail-hostile-text");
    }

    @Test
    void aCrossSiteRequestIsRefused() throws IOException {
        JsonObject order = createOrder(800);
        String number = order.getString("mchOrderNo");
        Map<String, String> contradicting = paidNotification(order);
        contradicting.put("amount", "801");
        assertAcknowledged(deliver(signed(contradicting, MERCHANT_KEY)));
        String page = "<!DOCTYPE html><html><body><form id=f method=post enctype=text/plain action=\""
                + Backend.BASE + "/api/console/orders/" + number + "/resolution\">"
                + "<input name='{\"note\":\"forged\",\"x\":\"' value='\"}'></form>"
                + "<script>document.getElementById('f').submit()</script></body></html>";
        attacker.createContext("/attack-" + number, exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        signIn("olivia", true);
        browser.open("http://127.0.0.1:" + ATTACKER_PORT + "/attack-" + number);
        String answer = browser.awaitText("cross-site-request");
        assertTrue(answer.contains("403"), answer);
        HttpResponse<String> queue = operatorGet("/api/console/review-queue");
        assertTrue(queue.body().contains(number), "still waiting for an operator: " + queue.body());
        assertFalse(operatorGet("/api/console/orders/" + number + "/timeline").body().contains("forged"));
    }

    @Test
    void theConsoleWorksAtAPhonesWidth() {
        paidOrder(1500);
        browser.size(390, 844);
        signIn("olivia", true);
        browser.await(By.id("queue-card"));
        browser.open(CONSOLE + "#/orders");
        browser.await(By.id("orders"));
        assertEquals(Boolean.TRUE, browser.script("return document.documentElement.scrollWidth <= window.innerWidth"),
                "no sideways scrolling");
        assertTrue(browser.driver.findElement(By.cssSelector("nav a[data-page='review']")).isDisplayed());
        browser.screenshot("orders-phone");
        browser.size(1280, 900);
        browser.open(CONSOLE + "#/orders");
        browser.await(By.id("orders"));
        browser.screenshot("orders");
    }

    // ---- the session ----------------------------------------------------------------------

    @Test
    void theSessionRenewsItsTokenBeforeItExpires() {
        provider.enqueueCallback(lasting(10)); // the next sign-in's tokens last 10 seconds, and so do their renewals
        signIn("olivia", true);
        browser.await(By.id("queue-card"));
        String first = sessionToken();
        long firstExpires = expiry(first);
        assertTrue(firstExpires - issued(first) <= 10, "a token of a few seconds");

        browser.waitFor(d -> first.equals(sessionToken()) ? null : true);
        String renewed = sessionToken();
        assertTrue(issued(renewed) < firstExpires, "renewed with the refresh token before the first token expired");
        assertEquals("olivia", subjectOf(renewed));
        browser.waitFor(d -> renewed.equals(sessionToken()) ? null : true); // and again before that one expires
        assertTrue(issued(sessionToken()) < expiry(renewed));

        browser.waitFor(d -> ((Number) browser.script("return Date.now()")).longValue() > firstExpires * 1000 ? true : null);
        browser.open(CONSOLE + "#/orders");
        browser.await(By.id("orders"));
        assertFalse(browser.driver.findElement(By.id("session")).isDisplayed(), "no warning, nothing to sign in to");
        assertTrue(browser.driver.findElements(By.id("sign-in")).isEmpty());
    }

    @Test
    void withoutARefreshTokenTheOperatorIsWarnedAndSignsInAgainOnTheSamePage() {
        String number = paidOrder(1700).getString("mchOrderNo");
        provider.enqueueCallback(lasting(8));
        signIn("olivia", true);
        openOrder(number);
        String first = sessionToken();
        dropRefreshToken(); // as with a provider that gives the console none

        String warning = browser.waitFor(d -> {
            String shown = d.findElement(By.id("session")).getText();
            return shown.contains("Your session ends at") ? shown : null;
        });
        assertTrue(warning.contains("in less than a minute"), warning);
        browser.screenshot("session-ending");
        String ended = browser.waitFor(d -> {
            String shown = d.findElement(By.id("session")).getText();
            return shown.contains("Your session has ended") ? shown : null;
        });
        assertTrue(ended.contains("this page stays as it is"), ended);
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/orders/" + number), browser.driver.getCurrentUrl());
        assertTrue(browser.driver.findElement(By.id("timeline")).isDisplayed(), "the order is still shown");
        browser.screenshot("session-ended");

        signInAgainInPopup("sign-in-again", "olivia");
        browser.waitFor(d -> d.findElement(By.id("session")).isDisplayed() ? null : true);
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/orders/" + number), "the same page");
        assertTrue(browser.driver.findElement(By.id("timeline")).isDisplayed());
        assertFalse(first.equals(sessionToken()), "a new token");
        assertTrue(expiry(sessionToken()) - issued(sessionToken()) > 60, "the provider's usual lifetime this time");
        browser.open(CONSOLE + "#/review"); // and it works
        browser.await(By.id("needs-review"));
    }

    @Test
    void anActionTriedWithAnExpiredTokenAsksToSignInAgainAndIsSentAgainWithTheSameKey() {
        String number = paidOrder(2600).getString("mchOrderNo");
        signIn("olivia", true);
        openOrder(number);
        // The API now refuses the console's token as expired (its clock is ahead of this browser's), and the
        // provider gave no refresh token to renew it with.
        String refusedToken = provider.issueToken("default", "iotpay-console", new DefaultOAuth2TokenCallback("default",
                "olivia", "JWT", List.of(AUDIENCE), Map.of("groups", List.of(OPERATORS)), -120)).serialize();
        browser.script("const s = JSON.parse(sessionStorage.getItem('iotpay-console.session'));"
                + " sessionStorage.setItem('iotpay-console.session', JSON.stringify({ ...s, accessToken: arguments[0], refreshToken: null }));",
                refusedToken);
        browser.script("window.__refunds = []; const send = window.fetch; window.fetch = async (url, options = {}) => {"
                + " const answer = await send(url, options);"
                + " if (String(url).endsWith('/refunds')) window.__refunds.push({ method: options.method,"
                + "   key: (options.headers || {})['Idempotency-Key'], status: answer.status,"
                + "   challenge: answer.headers.get('WWW-Authenticate') });"
                + " return answer; };");

        browser.await(By.id("refund")).click();
        WebElement amount = browser.await(By.id("refund-amount"));
        amount.clear();
        amount.sendKeys("10.00");
        browser.driver.findElement(By.id("confirm-ok")).click();

        WebElement ask = browser.await(By.id("sign-in-again-dialog"));
        String asked = browser.driver.findElement(By.id("confirm-session")).getText();
        assertTrue(asked.contains("Your session has ended") && asked.contains("same Idempotency-Key"), asked);
        assertEquals(0, gatewayOrder(number).getJsonArray("refunds").size(), "nothing reached IOTPay");
        browser.screenshot("session-ended-during-refund");

        signInAgainInPopup(ask, "olivia");
        String notice = browser.await(By.id("refund-notice")).getText();
        assertTrue(notice.contains("10.00 CAD SUCCEEDED"), notice);
        List<?> sent = (List<?>) browser.script("return window.__refunds");
        assertEquals(2, sent.size(), "the refused try and the one after signing in: " + sent);
        Map<?, ?> refused = (Map<?, ?>) sent.get(0);
        Map<?, ?> retried = (Map<?, ?>) sent.get(1);
        assertEquals(401L, refused.get("status"));
        assertEquals("Bearer error=\"invalid_token\", error_description=\"token expired\"", refused.get("challenge"));
        assertEquals(201L, retried.get("status"));
        assertEquals(refused.get("key"), retried.get("key"), "the same Idempotency-Key");
        assertTrue(String.valueOf(refused.get("key")).matches("[0-9a-f-]{36}"), sent.toString());
        var refunds = gatewayOrder(number).getJsonArray("refunds");
        assertEquals(1, refunds.size(), "IOTPay got exactly one refund: " + refunds);
        assertEquals(1000, refunds.getJsonObject(0).getJsonNumber("refundAmount").longValue());
    }

    // ---- helpers --------------------------------------------------------------------------

    /** Tokens (and their renewals) that last {@code seconds}, for the next sign-in at the provider. */
    private static DefaultOAuth2TokenCallback lasting(long seconds) {
        return new DefaultOAuth2TokenCallback("default", "unused", "JWT", List.of(AUDIENCE), Map.of(), seconds);
    }

    /** The access token the console holds now. */
    private String sessionToken() {
        return (String) browser.script("return JSON.parse(sessionStorage.getItem('iotpay-console.session')).accessToken");
    }

    private void dropRefreshToken() {
        browser.script("const s = JSON.parse(sessionStorage.getItem('iotpay-console.session'));"
                + " sessionStorage.setItem('iotpay-console.session', JSON.stringify({ ...s, refreshToken: null }));"
                + " window.dispatchEvent(new Event('iotpay-console.session'));");
    }

    private static long expiry(String token) {
        return claims(token).getJsonNumber("exp").longValue();
    }

    private static long issued(String token) {
        return claims(token).getJsonNumber("iat").longValue();
    }

    private static String subjectOf(String token) {
        return claims(token).getString("sub");
    }

    private static JsonObject claims(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return jakarta.json.Json.createReader(new java.io.StringReader(payload)).readObject();
    }

    /** Clicks the button with id {@code button} and signs in again as {@code subject} (an operator) in the window it opens. */
    private void signInAgainInPopup(String button, String subject) {
        signInAgainInPopup(browser.await(By.id(button)), subject);
    }

    private void signInAgainInPopup(WebElement button, String subject) {
        String console = browser.driver.getWindowHandle();
        button.click();
        String popup = browser.waitFor(d -> d.getWindowHandles().stream().filter(w -> !w.equals(console)).findFirst().orElse(null));
        browser.driver.switchTo().window(popup);
        browser.await(By.name("username")).sendKeys(subject);
        browser.driver.findElement(By.name("claims")).sendKeys("{\"groups\":[\"" + OPERATORS + "\"]}");
        browser.driver.findElement(By.cssSelector("input[type=submit]")).click();
        browser.driver.switchTo().window(console);
        browser.waitFor(d -> d.getWindowHandles().size() == 1 ? true : null); // the window handed the answer back and closed
    }

    /** Signs in at the provider's login form as {@code subject}, in the operator group or not. */
    private void signIn(String subject, boolean operator) {
        browser.open(CONSOLE);
        browser.await(By.id("sign-in")).click();
        browser.await(By.name("username")).sendKeys(subject);
        browser.driver.findElement(By.name("claims")).sendKeys(operator
                ? "{\"groups\":[\"" + OPERATORS + "\"]}" : "{\"groups\":[\"shoppers\"]}");
        browser.driver.findElement(By.cssSelector("input[type=submit]")).click();
        browser.waitFor(d -> d.getCurrentUrl().startsWith(CONSOLE) && !d.getCurrentUrl().contains("code=")
                && !d.findElements(By.id("main")).isEmpty() ? true : null);
        browser.waitFor(d -> !d.findElement(By.id("main")).getText().contains("Loading") ? true : null);
    }

    private static String token(String subject, boolean operator) {
        return provider.issueToken("default", "iotpay-console", new DefaultOAuth2TokenCallback("default", subject, "JWT",
                List.of(AUDIENCE), Map.of("groups", List.of(operator ? OPERATORS : "shoppers")), 3600)).serialize();
    }

    private static JsonObject createOrder(long amount) {
        HttpResponse<String> created = operatorPost("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":" + amount + "}",
                UUID.randomUUID().toString());
        assertEquals(201, created.statusCode(), created.body());
        return json(created);
    }

    private static JsonObject paidOrder(long amount) {
        JsonObject order = createOrder(amount);
        payAtGateway(order.getString("mchOrderNo"), true);
        assertEquals("PAID", awaitStatus(order.getString("mchOrderNo"), "PAID", Duration.ofSeconds(10)));
        return order;
    }

    /** Starts an attempt to pay the checkout; its order number. */
    private static String payCheckout(String checkoutId) {
        HttpResponse<String> started = operatorPost("/api/checkouts/" + checkoutId + "/payments", "{\"channelId\":\"WX_APP\"}", null);
        assertEquals(201, started.statusCode(), started.body());
        return json(started).getString("mchOrderNo");
    }

    /** Waits until the order is paid: PAID, or PAID_AFTER_CLOSE when its checkout's other attempt closed it first. */
    private static void awaitPaid(String number) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = json(operatorGet("/api/orders/" + number)).getString("status");
        while (!List.of("PAID", "PAID_AFTER_CLOSE").contains(status) && System.nanoTime() < deadline) {
            pause(200);
            status = json(operatorGet("/api/orders/" + number)).getString("status");
        }
        assertTrue(List.of("PAID", "PAID_AFTER_CLOSE").contains(status), number + " is " + status);
    }

    private static HttpResponse<String> operatorPost(String path, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Backend.BASE + path))
                .header("Authorization", "Bearer " + token("olivia", true))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return Backend.send(request);
    }

    private static HttpResponse<String> operatorGet(String path) {
        return Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + path))
                .header("Authorization", "Bearer " + token("olivia", true)));
    }

    private static String awaitStatus(String number, String expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String status = json(operatorGet("/api/orders/" + number)).getString("status");
        while (!status.equals(expected) && System.nanoTime() < deadline) {
            pause(200);
            status = json(operatorGet("/api/orders/" + number)).getString("status");
        }
        return status;
    }

    /** The order's page shows the Refund button disabled, and says which refund is being settled. */
    private void assertUnsettledRefundBlocksANewOne(String refundNo) {
        assertFalse(browser.await(By.id("refund")).isEnabled(), "no new refund while one is not settled");
        String blocked = browser.await(By.id("refund-blocked")).getText();
        assertTrue(blocked.contains(refundNo) && blocked.contains("UNKNOWN"), blocked);
    }

    /** Lets the sweep ask IOTPay about the refund until it is settled; returns its status then. */
    private static String settleRefund(String number, String refundNo) {
        advanceClock(Duration.ofSeconds(61)); // past orders.reconcile.after-seconds (60 by default)
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String status = refundStatus(number, refundNo);
        while (("UNKNOWN".equals(status) || "PROCESSING".equals(status)) && System.nanoTime() < deadline) {
            Backend.sweep();
            pause(200);
            status = refundStatus(number, refundNo);
            if ("UNKNOWN".equals(status) || "PROCESSING".equals(status)) {
                advanceClock(Duration.ofSeconds(5));
            }
        }
        return status;
    }

    private static String refundStatus(String number, String refundNo) {
        return json(operatorGet("/api/orders/" + number + "/refunds/" + refundNo)).getString("status");
    }

    private void openOrder(String number) {
        browser.open(CONSOLE + "#/orders/" + number);
        browser.await(By.id("timeline"));
    }

    private static void awaitWebhook(String number, String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.forOrder(number).stream().noneMatch(r -> r.type().equals(type) && r.answered() == 204)
                && System.nanoTime() < deadline) {
            dispatch();
            pause(200);
        }
        assertTrue(receiver.forOrder(number).stream().anyMatch(r -> r.type().equals(type)), "webhook " + type + " for " + number);
    }

    /** The test ledger (an observer of PaymentSucceeded) throws the next {@code times} times it is called for the order. */
    private static void failObserver(String number, int times) {
        assertEquals(204, Backend.post("/it-support/fulfilments/" + number + "?failures=" + times, null, "").statusCode());
    }

    /** Lets the observers' tries fail on the whole schedule; returns the payment.succeeded event that is FAILED for them now. */
    private static String awaitFailedObservers(String number) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            dispatch();
            JsonObject failed = paymentSucceeded(number);
            if (failed != null && "FAILED".equals(failed.getString("observers"))) {
                return failed.getString("eventId");
            }
            advanceClock(Duration.ofSeconds(6));
            pause(200);
        }
        throw new AssertionError("the observers did not fail: " + Backend.events(number));
    }

    private static void awaitObserversDelivered(String number) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            dispatch();
            JsonObject event = paymentSucceeded(number);
            if (event != null && "DELIVERED".equals(event.getString("observers"))) {
                return;
            }
            pause(200);
        }
        throw new AssertionError("the observers did not take the event: " + Backend.events(number));
    }

    private static JsonObject paymentSucceeded(String number) {
        return Backend.events(number).stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals("payment.succeeded")).findFirst().orElse(null);
    }

    /** The review queue's entry for the event among failed deliveries to the application; it must be there. */
    private static JsonObject failedObserversInQueue(String eventId) {
        JsonObject queue = json(operatorGet("/api/console/review-queue"));
        return queue.getJsonArray("failedObservers").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("eventId").equals(eventId)).findFirst()
                .orElseThrow(() -> new AssertionError("event " + eventId + " is not among failedObservers: " + queue));
    }

    /** Lets the webhook fail its first try and its one retry; returns the event that is FAILED now. */
    private static String awaitFailedWebhook(String number) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            dispatch();
            JsonObject failed = Backend.events(number).stream().map(JsonObject.class::cast)
                    .filter(e -> e.getString("type").equals("payment.succeeded") && "FAILED".equals(e.getString("webhook", "")))
                    .findFirst().orElse(null);
            if (failed != null) {
                return failed.getString("eventId");
            }
            advanceClock(Duration.ofSeconds(6));
            pause(200);
        }
        throw new AssertionError("the webhook did not fail: " + Backend.events(number));
    }

    /** The finding about this order in an audit run's answer, if there is one. */
    private static java.util.Optional<JsonObject> auditFinding(JsonObject report, String number) {
        return report.getJsonArray("findings").stream().map(JsonObject.class::cast)
                .filter(f -> number.equals(f.getString("mchOrderNo", null))).findFirst();
    }

    /** The value of the first series of a metric (in Prometheus text) whose line carries {@code label}. */
    private static double metricValue(String metrics, String name, String label) {
        return metrics.lines().filter(line -> line.startsWith(name) && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " " + label + " is not in the metrics"));
    }
}
