package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.MERCHANT_KEY;
import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.deliverTo;
import static dev.iotpaymerchant.it.Backend.getFrom;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.postTo;
import static dev.iotpaymerchant.it.Backend.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Several nodes on one PostgreSQL database, crashes and a database outage. Three Payara Micro
 * processes, started here with the production wiring (server-config's post-boot file): G hosts
 * the sandbox gateway (its own sweep and event dispatcher are off), B1 and B2 are merchant nodes whose sweeps run every
 * second. B1 reaches PostgreSQL through a relay the test can cut.
 */
@EnabledIfSystemProperty(named = "it.database", matches = "postgresql")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static TcpProxy database;
    private static PayaraNode gateway;
    private static PayaraNode b1;
    private static PayaraNode b2;

    @BeforeAll
    static void startNodes() throws Exception {
        database = new TcpProxy(Integer.parseInt(System.getenv("DB_PORT")));
        // G shares the database, so its sweep and dispatcher are off: a delivery made by G would land in
        // G's in-memory test ledger, where the assertions on B1 and B2 cannot see it.
        Path gatewayWar = PayaraNode.export(Backend.war("orders.reconcile.interval-seconds=100000\n"
                + "events.dispatch-interval-seconds=100000\n"), "gateway");
        Path nodeWar = PayaraNode.export(Backend.war("orders.reconcile.interval-seconds=1\norders.reconcile.after-seconds=5\n"), "node");

        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("IOTPAY_API_URL", "http://localhost:18090/sandbox/v1");
        env.put("IOTPAY_NOTIFY_URL", "http://localhost:18091/api/notify");
        List<String> postgres = List.of("--addLibs", new File("target/it/postgresql.jar").getAbsolutePath(),
                "--postbootcommandfile", new File("server-config/payara-micro/postgresql.asadmin").getAbsolutePath());
        Map<String, String> viaRelay = new HashMap<>(env);
        viaRelay.put("DB_PORT", String.valueOf(database.port()));

        gateway = new PayaraNode("node-gateway", gatewayWar, 18090, env, postgres);
        b1 = new PayaraNode("node-b1", nodeWar, 18091, viaRelay, postgres);
        b2 = new PayaraNode("node-b2", nodeWar, 18092, env, postgres);
        CompletableFuture<?> starting = CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> PayaraNode.startFresh(gateway)),
                CompletableFuture.runAsync(() -> PayaraNode.startFresh(b1)),
                CompletableFuture.runAsync(() -> PayaraNode.startFresh(b2)));
        starting.join();
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (PayaraNode node : new PayaraNode[] {gateway, b1, b2}) {
            if (node != null) {
                node.close();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void aDuplicateStormSplitAcrossTwoNodesMakesOneTransitionWithoutErrors() throws Exception {
        JsonObject order = create(b1);
        String number = order.getString("mchOrderNo");
        Map<String, String> notification = paidNotification(order);

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String node = (i % 2 == 0 ? b1 : b2).base();
            answers.add(CompletableFuture.supplyAsync(() -> deliverTo(node, notification)));
        }
        answers.forEach(answer -> assertAcknowledged(answer.join()));

        assertEquals("PAID", status(b2, number));
        assertEquals(1, fulfilments(b1, number) + fulfilments(b2, number));
        assertEquals(Map.of("APPLIED", 1, "DUPLICATE", 99), recordedOutcomes(number), "every notification is recorded");
    }

    @Test
    @Order(2)
    void withTheDatabaseDownANotificationIsNotAcknowledgedUntilItIsBack() {
        JsonObject order = create(b1);
        String number = order.getString("mchOrderNo");
        Map<String, String> notification = paidNotification(order);

        database.cut();
        try {
            HttpResponse<String> refused = deliverTo(b1.base(), notification);
            assertTrue(refused.statusCode() >= 500, refused.statusCode() + " " + refused.body());
            assertFalse(refused.body().contains("success"));
            assertEquals("PENDING", status(b2, number), "nothing changed");
            HttpResponse<String> ready = getFrom(b1.base(), "/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("unreachable"), ready.body());
            assertEquals(200, getFrom(b1.base(), "/health/live").statusCode(), "still alive");
        } finally {
            database.restore();
        }

        HttpResponse<String> retried = deliverTo(b1.base(), notification);
        for (int attempt = 0; attempt < 10 && retried.statusCode() != 200; attempt++) {
            pause(1000); // IOTPay retries too; the pool validates and replaces its broken connections
            retried = deliverTo(b1.base(), notification);
        }
        assertAcknowledged(retried);
        assertEquals(200, getFrom(b1.base(), "/health/ready").statusCode(), "ready again");
        assertEquals("PAID", status(b2, number));
        assertEquals(1, fulfilments(b1, number) + fulfilments(b2, number));
    }

    @Test
    @Order(3)
    void ordersPendingWhenEveryNodeIsKilledAreCompletedAfterARestart() throws Exception {
        b2.kill();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            numbers.add(create(b1).getString("mchOrderNo"));
        }
        b1.kill(); // SIGKILL before its sweep (5 s after creation) looked at them
        for (String number : numbers) {
            assertEquals(0, checkAttempts(number), "the kill landed before any sweep asked about " + number
                    + ", so only the restarted node's sweep can complete it");
        }
        for (String number : numbers) {
            HttpResponse<String> paid = postTo(gateway.base(), "/sandbox/orders/" + number + "/pay?notify=false", null, "");
            assertEquals(200, paid.statusCode(), paid.body()); // paid, and the notification is lost
            assertEquals("PENDING", status(gateway, number));
        }

        b1.start();
        for (String number : numbers) {
            assertEquals("PAID", awaitStatus(b1, number, Duration.ofSeconds(30)));
            assertEquals(1, fulfilments(b1, number));
        }
    }

    @Test
    @Order(4)
    void aNodeWithoutItsMerchantKeyIsNotReadyAndSaysWhichSettingIsMissing() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("IOTPAY_MCH_KEY");
        env.put("IOTPAY_API_URL", "http://localhost:18090/sandbox/v1");
        env.put("IOTPAY_NOTIFY_URL", "http://localhost:18093/api/notify");
        try (PayaraNode unconfigured = new PayaraNode("node-unconfigured", Path.of("target/it/node.war"), 18093, env,
                List.of("--addLibs", new File("target/it/postgresql.jar").getAbsolutePath(), "--postbootcommandfile",
                        new File("server-config/payara-micro/postgresql.asadmin").getAbsolutePath()))) {
            Files.deleteIfExists(unconfigured.log());
            unconfigured.start();
            HttpResponse<String> ready = getFrom(unconfigured.base(), "/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"missingSettings\":\"iotpay.mch-key\""), ready.body());
            assertTrue(ready.body().contains("\"reachable\""), ready.body());

            long orders = count("payment_order");
            long keys = count("idempotency_key");
            HttpResponse<String> refused = postTo(unconfigured.base(), "/api/orders", "application/json",
                    "{\"channelId\":\"WX_APP\",\"amount\":100}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("IOTPAY_MCH_KEY"), refused.body());
            HttpResponse<String> keyed = send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(unconfigured.base() + "/api/orders"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", "misconfigured-node-key")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":100}")));
            assertEquals(503, keyed.statusCode(), keyed.body());
            assertEquals(orders, count("payment_order"), "a misconfigured node writes no order");
            assertEquals(keys, count("idempotency_key"), "nor an idempotency key");
            assertTrue(Files.readString(unconfigured.log()).contains("Missing required setting 'iotpay.mch-key'"));
        }
    }

    @Test
    @Order(5)
    void aNodeKilledAfterTheCommitButBeforeTheWebhookWasDeliveredDeliversItAfterARestart() throws Exception {
        int receiverPort = 18086;
        Path hookedWar = PayaraNode.export(Backend.war("orders.reconcile.interval-seconds=1\norders.reconcile.after-seconds=5\n"
                + "webhooks.url=" + WebhookReceiver.url(receiverPort) + "\nwebhooks.secret=" + WebhookReceiver.SECRET + "\n"
                + "webhooks.timeout-ms=30000\nevents.dispatch-interval-seconds=1\n"), "hooked");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("IOTPAY_API_URL", "http://localhost:18090/sandbox/v1");
        env.put("IOTPAY_NOTIFY_URL", "http://localhost:18094/api/notify");
        try (WebhookReceiver receiver = new WebhookReceiver(receiverPort);
             PayaraNode hooked = new PayaraNode("node-hooked", hookedWar, 18094, env,
                     List.of("--addLibs", new File("target/it/postgresql.jar").getAbsolutePath(), "--postbootcommandfile",
                             new File("server-config/payara-micro/postgresql.asadmin").getAbsolutePath()))) {
            receiver.mode(WebhookReceiver.Mode.BLOCK); // the shop's endpoint hangs
            PayaraNode.startFresh(hooked);
            JsonObject order = create(hooked);
            String number = order.getString("mchOrderNo");
            assertAcknowledged(deliverTo(hooked.base(), paidNotification(order))); // committed, not delivered
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.forOrder(number).isEmpty() && System.nanoTime() < deadline) {
                pause(100);
            }
            assertEquals(1, receiver.forOrder(number).size(), "the webhook is on its way");

            hooked.kill(); // SIGKILL while the receiver still holds the request
            receiver.mode(WebhookReceiver.Mode.OK);
            PayaraNode.startFresh(hooked);
            // The killed node's claim is a lease (timeout + 30 s): move the restarted node past it.
            Backend.advanceClock(hooked.base(), Duration.ofSeconds(61));
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.forOrder(number).size() < 2 && System.nanoTime() < deadline) {
                Backend.dispatch(hooked.base());
                pause(250);
            }
            List<WebhookReceiver.Received> hooks = receiver.forOrder(number);
            assertEquals(2, hooks.size(), "delivered again after the restart");
            assertEquals(hooks.get(0).id(), hooks.get(1).id(), "with the same webhook-id");
            assertTrue(receiver.all().stream().allMatch(WebhookReceiver.Received::verified), "every signature verifies");
            JsonObject event = Backend.events(hooked.base(), number).stream().map(JsonObject.class::cast)
                    .filter(e -> e.getString("type").equals("payment.succeeded")).findFirst().orElseThrow();
            assertEquals("DELIVERED", event.getString("webhook"), event.toString());
        }
    }

    /**
     * Issue #19: two attempts of one checkout paid at the same moment, their notifications applied on
     * two nodes at once: exactly one pays the checkout, the other is extra money, announced once and
     * refunded in full once.
     */
    /**
     * The status long-poll across nodes, for every channel: an order made on B1, waited for on B2 while
     * the payer pays in the wallet and the notification is applied on B1. B2 reads waited orders from
     * the database every 500 ms (StatusWaits), so it answers within about that after the commit.
     */
    @Test
    @Order(1)
    void aLongPollOnOneNodeSeesAPaymentAppliedOnTheOtherForEveryChannel() throws Exception {
        List<String> delays = new ArrayList<>();
        for (String channel : List.of("WX_APP", "UPI_APP", "ALIPAY_WAP", "ALIPAY_PC", "UPI_SEQ", "WX_JSAPI", "WX_NATIVE",
                "ALIPAY_QR", "UPI_QR")) {
            HttpResponse<String> made = postTo(b1.base(), "/api/orders", "application/json",
                    ChannelRequests.channelRequest(channel, 4200));
            assertEquals(201, made.statusCode(), made.body());
            JsonObject order = json(made);
            String number = order.getString("mchOrderNo");
            CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() ->
                    getFrom(b2.base(), "/api/orders/" + number + "?wait=20&known=PENDING"));
            pause(700); // the wait is held on B2 before the payer pays
            assertFalse(waiting.isDone(), channel + ": B2 answered before anything changed");

            JsonObject next = order.getJsonObject("nextAction");
            String wallet = switch (next.getString("type")) {
                case "redirect" -> next.getString("url");
                case "qr" -> next.getString("content");
                default -> null;
            };
            HttpResponse<String> paid = wallet == null
                    ? postTo(gateway.base(), "/sandbox/orders/" + number + "/pay", null, "")
                    : postTo(wallet, "/pay", "application/x-www-form-urlencoded", "");
            assertTrue(paid.statusCode() == 200 || paid.statusCode() == 303, channel + ": " + paid.body());
            long payerPaid = System.nanoTime();

            HttpResponse<String> answered = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
            long afterPayment = (System.nanoTime() - payerPaid) / 1_000_000;
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals("PAID", json(answered).getString("status"), channel);
            assertTrue(afterPayment < 2500, channel + ": B2 answered " + afterPayment + " ms after the payer paid");
            delays.add(channel + " " + afterPayment + " ms");
        }
        System.out.println("Cross-node long-poll, from the payer's Pay to B2's answer: " + String.join(", ", delays));
    }

    @Test
    @Order(1) // while every node is up: the later tests kill and restart them
    void twoAttemptsOfOneCheckoutPaidAtOnceOnTwoNodesPayItExactlyOnce() throws Exception {
        HttpResponse<String> made = postTo(b1.base(), "/api/checkouts", "application/json",
                "{\"amount\":4100,\"subject\":\"Raced\"}");
        assertEquals(201, made.statusCode(), made.body());
        String checkoutId = json(made).getString("checkoutId");
        List<JsonObject> attempts = new ArrayList<>();
        for (PayaraNode node : new PayaraNode[] {b1, b2}) {
            HttpResponse<String> paid = postTo(node.base(), "/api/checkouts/" + checkoutId + "/payments",
                    "application/json", "{\"channelId\":\"WX_APP\"}");
            assertEquals(201, paid.statusCode(), paid.body());
            attempts.add(json(paid));
        }
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JsonObject attempt = attempts.get(i % 2);
            String node = (i % 4 < 2 ? b1 : b2).base();
            answers.add(CompletableFuture.supplyAsync(() -> deliverTo(node, paidNotification(attempt))));
        }
        answers.forEach(answer -> assertAcknowledged(answer.join()));

        JsonObject checkout = json(getFrom(b2.base(), "/api/checkouts/" + checkoutId));
        assertEquals("PAID", checkout.getString("status"));
        String paidBy = checkout.getString("paidOrder");
        String extra = attempts.stream().map(a -> a.getString("mchOrderNo")).filter(n -> !n.equals(paidBy)).findFirst().orElseThrow();
        assertEquals(1, checkout.getJsonArray("extraPayments").size(), checkout.toString());
        assertEquals(1, countEvents("checkout.paid", paidBy) + countEvents("checkout.paid", extra), "one checkout.paid");
        assertEquals(1, countEvents("checkout.overpaid", extra), "one checkout.overpaid, for the other attempt");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long refunds;
        do {
            Backend.dispatch(b1.base());
            Backend.dispatch(b2.base());
            refunds = countRefunds(extra);
            if (refunds == 0) {
                pause(500);
            }
        } while (refunds == 0 && System.nanoTime() < deadline);
        pause(1000);
        Backend.dispatch(b1.base());
        Backend.dispatch(b2.base());
        assertEquals(1, countRefunds(extra), "the extra order refunded once");
        assertEquals(0, countRefunds(paidBy), "the paying order is not refunded");
    }

    @Test
    @Order(1) // while every node is up; it moves B1's and B2's clocks a minute forward, as a late expiry timer would see them
    void attemptsRacingACancelOrAnExpiryOnTwoNodesLeaveNoAttemptOfAClosedCheckoutPayable() throws Exception {
        List<String> cancelling = new ArrayList<>();
        List<String> expiring = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> made = postTo(b1.base(), "/api/checkouts", "application/json", "{\"amount\":" + (700 + i)
                    + ",\"subject\":\"Closing\",\"expiresInSeconds\":" + (i % 2 == 0 ? 1800 : 60) + "}");
            assertEquals(201, made.statusCode(), made.body());
            (i % 2 == 0 ? cancelling : expiring).add(json(made).getString("checkoutId"));
        }
        long createCalls = createCallsAt(gateway);
        ExecutorService pool = Executors.newFixedThreadPool(48);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> attempts = new ArrayList<>();
        List<Future<HttpResponse<String>>> closers = new ArrayList<>();
        try {
            int n = 0;
            for (String checkoutId : concat(cancelling, expiring)) {
                for (int a = 0; a < 4; a++) {
                    String node = (n++ % 2 == 0 ? b1 : b2).base();
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return postTo(node, "/api/checkouts/" + checkoutId + "/payments", "application/json",
                                "{\"channelId\":\"WX_APP\"}");
                    }));
                }
            }
            for (int i = 0; i < cancelling.size(); i++) {
                String checkoutId = cancelling.get(i);
                String node = (i % 2 == 0 ? b2 : b1).base();
                closers.add(pool.submit(() -> {
                    start.await();
                    return postTo(node, "/api/checkouts/" + checkoutId + "/cancel", null, "");
                }));
            }
            // The expiring checkouts' time runs out on both nodes now; their timers (every second) and these
            // sweeps expire them while the attempts arrive.
            closers.add(pool.submit(() -> {
                start.await();
                for (PayaraNode node : new PayaraNode[] {b1, b2}) {
                    Backend.advanceClock(node.base(), Duration.ofSeconds(61));
                }
                Backend.sweep(b2.base());
                return postTo(b1.base(), "/it-support/control/sweep", null, "");
            }));
            start.countDown();
            int made = 0;
            for (Future<HttpResponse<String>> attempt : attempts) {
                HttpResponse<String> answer = attempt.get(60, TimeUnit.SECONDS);
                if (answer.statusCode() == 201 || answer.body().contains("gateway-outcome-unknown")) {
                    made++; // stored; a 504 when IOTPay (node G, busy) answered late: the sweep settles it
                } else {
                    assertEquals(409, answer.statusCode(), answer.body());
                    assertTrue(answer.body().contains("checkout-not-open"), answer.body());
                }
            }
            for (Future<HttpResponse<String>> closer : closers) {
                HttpResponse<String> answer = closer.get(60, TimeUnit.SECONDS);
                assertEquals(200, answer.statusCode(), answer.body());
            }
            assertEquals(made, attemptsOf(concat(cancelling, expiring)).size(), "a refused attempt is not stored");
            assertTrue(createCallsAt(gateway) - createCalls <= made, "IOTPay heard only of the attempts that were made");
            System.out.println("Attempts racing a close: " + made + " of 32 made, the others refused");
        } finally {
            pool.shutdownNow();
        }

        Backend.sweep(b1.base()); // expires what its timer has not yet
        for (String checkoutId : expiring) {
            assertEquals("EXPIRED", json(getFrom(b1.base(), "/api/checkouts/" + checkoutId)).getString("status"));
        }
        for (String checkoutId : cancelling) {
            assertEquals("CANCELLED", json(getFrom(b2.base(), "/api/checkouts/" + checkoutId)).getString("status"));
        }
        // None stays payable: each is closed, or asked to close by the moment its checkout closed (the closer
        // asks with its own "now", a moment after it recorded the checkout's).
        List<String> payable = attemptsOf(concat(cancelling, expiring)).stream()
                .filter(attempt -> !List.of("CLOSED", "FAILED").contains(attempt.status()))
                .filter(attempt -> attempt.closeBy() == null || attempt.closeBy().isAfter(attempt.checkoutClosed().plusSeconds(5)))
                .map(Object::toString).toList();
        assertEquals(List.of(), payable, "attempts of closed checkouts still payable");
        // ... and the sweep closes each, once IOTPay said it was not paid.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<ClosingAttempt> open = attemptsOf(concat(cancelling, expiring));
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Backend.sweep(b1.base());
            Backend.sweep(b2.base());
            open = attemptsOf(concat(cancelling, expiring)).stream()
                    .filter(attempt -> !List.of("CLOSED", "FAILED").contains(attempt.status())).toList();
        }
        assertEquals(List.of(), open, "attempts the sweep did not close");
        for (PayaraNode node : new PayaraNode[] {b1, b2}) {
            Backend.advanceClock(node.base(), Duration.ofSeconds(-61)); // the later tests expect the nodes' own time
        }
    }

    /** An attempt of a checkout that closed, as stored: its status, its close time, when its checkout closed. */
    private record ClosingAttempt(String mchOrderNo, String status, java.time.Instant closeBy,
                                  java.time.Instant checkoutClosed) {
    }

    private static List<ClosingAttempt> attemptsOf(List<String> checkoutIds) throws java.sql.SQLException {
        List<ClosingAttempt> found = new ArrayList<>();
        try (java.sql.Connection connection = database();
             java.sql.PreparedStatement query = connection.prepareStatement(
                     "SELECT o.mch_order_no, o.status, o.close_by, c.settled_at"
                             + " FROM payment_order o JOIN checkout c ON c.checkout_id = o.checkout_id"
                             + " WHERE o.checkout_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("varchar", checkoutIds.toArray()));
            try (java.sql.ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    java.time.OffsetDateTime closeBy = rows.getObject(3, java.time.OffsetDateTime.class);
                    found.add(new ClosingAttempt(rows.getString(1), rows.getString(2),
                            closeBy == null ? null : closeBy.toInstant(),
                            rows.getObject(4, java.time.OffsetDateTime.class).toInstant()));
                }
            }
        }
        return found;
    }

    private static long createCallsAt(PayaraNode gatewayNode) {
        JsonObject stats = json(getFrom(gatewayNode.base(), "/sandbox/stats"));
        return stats.getJsonNumber("createOrderCalls").longValue() + stats.getJsonNumber("payForSubmitCalls").longValue();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static long countEvents(String type, String number) throws java.sql.SQLException {
        try (java.sql.Connection connection = database();
             java.sql.PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM payment_event WHERE type = ? AND mch_order_no = ?")) {
            query.setString(1, type);
            query.setString(2, number);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long countRefunds(String number) throws java.sql.SQLException {
        try (java.sql.Connection connection = database();
             java.sql.PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM refund WHERE mch_order_no = ?")) {
            query.setString(1, number);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    @Order(6)
    void noNodeLoggedTheMerchantKey() throws Exception {
        for (PayaraNode node : new PayaraNode[] {gateway, b1, b2}) {
            String log = Files.readString(node.log());
            assertTrue(log.contains("iotpay-merchant ready"), node.log().toString());
            assertFalse(log.contains(MERCHANT_KEY), node.log() + " holds the merchant key");
        }
    }

    private static long count(String table) throws java.sql.SQLException {
        try (java.sql.Connection connection = database();
             java.sql.Statement query = connection.createStatement();
             java.sql.ResultSet rows = query.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long checkAttempts(String number) throws java.sql.SQLException {
        try (java.sql.Connection connection = database();
             java.sql.PreparedStatement query = connection.prepareStatement(
                     "SELECT check_attempts FROM payment_order WHERE mch_order_no = ?")) {
            query.setString(1, number);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), number);
                return rows.getLong(1);
            }
        }
    }

    private static java.sql.Connection database() throws java.sql.SQLException {
        String url = "jdbc:postgresql://" + System.getenv("DB_HOST") + ":" + System.getenv("DB_PORT") + "/"
                + System.getenv("DB_NAME");
        return java.sql.DriverManager.getConnection(url, System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }

    /** What the nodes wrote to received_notification for this order, by outcome. */
    private static Map<String, Integer> recordedOutcomes(String number) throws java.sql.SQLException {
        String url = "jdbc:postgresql://" + System.getenv("DB_HOST") + ":" + System.getenv("DB_PORT") + "/"
                + System.getenv("DB_NAME");
        Map<String, Integer> outcomes = new HashMap<>();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url, System.getenv("DB_USER"),
                System.getenv("DB_PASSWORD"));
             java.sql.PreparedStatement query = connection.prepareStatement(
                     "SELECT outcome, count(*) FROM received_notification WHERE mch_order_no = ? GROUP BY outcome")) {
            query.setString(1, number);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    outcomes.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return outcomes;
    }

    private static JsonObject create(PayaraNode node) {
        HttpResponse<String> created = postTo(node.base(), "/api/orders", "application/json",
                "{\"channelId\":\"WX_APP\",\"amount\":3300}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created);
    }

    private static String status(PayaraNode node, String number) {
        return json(getFrom(node.base(), "/api/orders/" + number)).getString("status");
    }

    private static String awaitStatus(PayaraNode node, String number, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String status = status(node, number);
        while (!"PAID".equals(status) && System.nanoTime() < deadline) {
            pause(250);
            status = status(node, number);
        }
        return status;
    }

    private static int fulfilments(PayaraNode node, String number) {
        return Backend.ledger(node.base(), number).getInt("succeeded");
    }
}
