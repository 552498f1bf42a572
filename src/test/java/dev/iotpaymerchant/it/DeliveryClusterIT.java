package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.getFrom;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Delivery and sweeps on several nodes, one of them misconfigured (issue #16). Four Payara Micro
 * processes on one PostgreSQL database: G hosts the sandbox gateway (its own sweep and dispatcher
 * off); H1 and H2 are healthy merchant nodes sending webhooks to one receiver; M has neither the
 * merchant key nor a webhook URL, and its timers run every second, so any shared work it took
 * would show. The receiver answers per order as scripted: some never answer, some drip their
 * answer a byte a second, the rest refuse the first try. One observer bean has two observer
 * methods of the same event, one of which throws twice.
 *
 * <p>Tries follow the real retry schedule (seconds here), and every timing assertion is a lower
 * bound ("never sooner") or a generous upper one, so a slow machine makes nothing pass or fail by
 * chance.
 */
@EnabledIfSystemProperty(named = "it.database", matches = "postgresql")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryClusterIT {

    private static final int RECEIVER_PORT = 18105;
    private static final long[] SCHEDULE = {4, 8, 16, 32, 64};
    private static final int SWEEP_SECONDS = 3;
    private static final int DUE_AFTER_SECONDS = 5;
    private static final int ORDERS = 24;

    private static WebhookReceiver receiver;
    private static PayaraNode gateway;
    private static PayaraNode h1;
    private static PayaraNode h2;
    private static PayaraNode misconfigured;
    private static Path healthyWar;
    private static List<String> postgres;

    @BeforeAll
    static void startNodes() throws Exception {
        receiver = new WebhookReceiver(RECEIVER_PORT);
        Path gatewayWar = PayaraNode.export(Backend.war("orders.reconcile.interval-seconds=100000\n"
                + "events.dispatch-interval-seconds=100000\n"), "delivery-gateway");
        healthyWar = PayaraNode.export(Backend.war("orders.reconcile.interval-seconds=" + SWEEP_SECONDS + "\n"
                + "orders.reconcile.after-seconds=" + DUE_AFTER_SECONDS + "\n"
                + "events.dispatch-interval-seconds=1\n"
                + "webhooks.url=" + WebhookReceiver.url(RECEIVER_PORT) + "\n"
                + "webhooks.secret=" + WebhookReceiver.SECRET + "\n"
                + "webhooks.timeout-ms=2000\n"
                + "webhooks.retry-schedule-seconds=" + schedule() + "\n"), "delivery-healthy");
        Path misconfiguredWar = PayaraNode.export(Backend.war("orders.reconcile.interval-seconds=1\n"
                + "orders.reconcile.after-seconds=" + DUE_AFTER_SECONDS + "\n"
                + "events.dispatch-interval-seconds=1\n"
                + "webhooks.retry-schedule-seconds=" + schedule() + "\n"), "delivery-misconfigured");

        postgres = List.of("--addLibs", new File("target/it/postgresql.jar").getAbsolutePath(),
                "--postbootcommandfile", new File("server-config/payara-micro/postgresql.asadmin").getAbsolutePath());
        gateway = new PayaraNode("delivery-gateway", gatewayWar, 18101, environment(18101, true), postgres);
        h1 = new PayaraNode("delivery-h1", healthyWar, 18102, environment(18102, true), postgres);
        h2 = new PayaraNode("delivery-h2", healthyWar, 18103, environment(18103, true), postgres);
        misconfigured = new PayaraNode("delivery-misconfigured", misconfiguredWar, 18104, environment(18104, false), postgres);
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> PayaraNode.startFresh(gateway)),
                CompletableFuture.runAsync(() -> PayaraNode.startFresh(h1)),
                CompletableFuture.runAsync(() -> PayaraNode.startFresh(h2)),
                CompletableFuture.runAsync(() -> PayaraNode.startFresh(misconfigured))).join();
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (PayaraNode node : new PayaraNode[] {gateway, h1, h2, misconfigured}) {
            if (node != null) {
                node.close();
            }
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void theMisconfiguredNodeIsNotReadyAndSaysOnceWhichSettingsKeepItFromSharedWork() throws Exception {
        HttpResponse<String> ready = getFrom(misconfigured.base(), "/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("iotpay.mch-key"), ready.body());
        pause(3000); // its timers fire every second: each would log if the gate logged every time
        String log = Files.readString(misconfigured.log());
        assertEquals(1, occurrences(log, "takes no shared work"), "said once, however often its timers run");
        assertTrue(log.contains("until these settings are fixed: iotpay.mch-key"), "names the setting");
    }

    @Test
    @Order(2)
    void everyPaymentIsFoundEveryEventReachesEveryObserverMethodAndEveryWebhookOnSchedule() throws Exception {
        List<String> numbers = new ArrayList<>();
        Map<String, PayaraNode> createdOn = new HashMap<>();
        for (int i = 0; i < ORDERS; i++) {
            PayaraNode node = i % 2 == 0 ? h1 : h2;
            String number = create(node, 4100 + i);
            numbers.add(number);
            createdOn.put(number, node);
            if (i < 4) {
                receiver.script(number, WebhookReceiver.Mode.HANG, WebhookReceiver.Mode.HANG);
            } else if (i < 8) {
                receiver.script(number, WebhookReceiver.Mode.DRIP, WebhookReceiver.Mode.DRIP);
            } else {
                receiver.script(number, WebhookReceiver.Mode.DOWN);
            }
        }
        String twoObservers = numbers.get(8);
        for (PayaraNode node : new PayaraNode[] {h1, h2}) {
            HttpResponse<String> failing = postTo(node.base(), "/it-support/fulfilments/" + twoObservers + "?receiptFailures=2", null, "");
            assertEquals(204, failing.statusCode(), failing.body());
        }

        // The last four are paid at IOTPay, and their notifications are lost: only a sweep can find them.
        List<String> lost = numbers.subList(ORDERS - 4, ORDERS);
        Instant lostPaidAt = Instant.now();
        List<String> payingOrder = new ArrayList<>(lost);
        payingOrder.addAll(numbers.subList(0, ORDERS - 4));
        for (String number : payingOrder) {
            boolean notify = !lost.contains(number);
            HttpResponse<String> paid = postTo(gateway.base(), "/sandbox/orders/" + number + "/pay?notify=" + notify, null, "");
            assertEquals(200, paid.statusCode(), paid.body());
        }

        // Found by a healthy node within two sweep intervals of being due (plus 5 s for a busy machine).
        Instant foundBy = lostPaidAt.plusSeconds(DUE_AFTER_SECONDS + 2L * SWEEP_SECONDS + 5);
        for (String number : lost) {
            assertEquals("PAID", awaitStatus(number, foundBy), "the sweep found " + number + " in time");
        }
        for (String number : numbers) {
            assertEquals("PAID", awaitStatus(number, Instant.now().plusSeconds(60)), number);
        }
        Instant allDelivered = Instant.now().plusSeconds(120);
        for (String number : numbers) {
            JsonObject event = awaitDelivered(number, allDelivered);
            assertEquals("DELIVERED", event.getString("webhook"), "never SKIPPED: " + event);
            assertEquals("DELIVERED", event.getString("observers"), event.toString());
        }

        assertTrue(receiver.overlaps().isEmpty(), "no two tries of one event in flight at once: " + receiver.overlaps());
        for (int i = 0; i < ORDERS; i++) {
            String number = numbers.get(i);
            List<WebhookReceiver.Received> tries = receiver.forOrder(number);
            int expected = i < 8 ? 3 : 2;
            assertEquals(expected, tries.size(), "every scripted failure was followed by exactly one retry: " + number);
            assertEquals(expected, event(number).getInt("webhookAttempts"), "each try recorded once, by the run that made it");
            assertEquals(1, tries.stream().map(WebhookReceiver.Received::id).distinct().count(), "one webhook-id");
            for (int k = 1; k < tries.size(); k++) {
                Duration gap = Duration.between(tries.get(k - 1).arrived(), tries.get(k).arrived());
                Duration wait = Duration.ofSeconds(SCHEDULE[k - 1]);
                assertTrue(gap.compareTo(wait.minusMillis(100)) >= 0,
                        "try " + (k + 1) + " of " + number + " came " + gap.toMillis() + " ms after the one before, sooner than the schedule's " + wait);
            }
        }

        for (String number : numbers) {
            JsonObject one = fulfilments(h1, number);
            JsonObject other = fulfilments(h2, number);
            assertEquals(1, one.getInt("succeeded") + other.getInt("succeeded"), "shipped once: " + number);
            assertEquals(1, one.getInt("ledgerCalls") + other.getInt("ledgerCalls"), "the shipping observer called once: " + number);
            assertEquals(1, one.getInt("receipts") + other.getInt("receipts"), "one receipt: " + number);
            if (!number.equals(twoObservers)) {
                assertEquals(1, one.getInt("receiptCalls") + other.getInt("receiptCalls"), number);
            }
            JsonObject none = fulfilments(misconfigured, number);
            assertEquals(0, none.getInt("ledgerCalls") + none.getInt("receiptCalls"), "the misconfigured node delivered nothing");
        }
        int receiptCalls = fulfilments(h1, twoObservers).getInt("receiptCalls") + fulfilments(h2, twoObservers).getInt("receiptCalls");
        assertTrue(receiptCalls >= 3, "the receipt observer threw twice and was retried: " + receiptCalls);
        assertEquals(receiptCalls, event(twoObservers).getInt("observerAttempts"),
                "every try called the receipt observer once, and the shipping observer only on the first");

        for (String number : numbers) {
            assertEquals(questionsAsked(number), claims(number),
                    "every claim of " + number + " was followed by a question to IOTPay: no node claimed without asking");
        }
    }

    @Test
    @Order(3)
    void theMisconfiguredNodeWroteNothingSharedAndNoNodeLoggedTheMerchantKey() throws Exception {
        String log = Files.readString(misconfigured.log());
        assertEquals(1, occurrences(log, "takes no shared work"), "still said once: " + misconfigured.log());
        for (PayaraNode node : new PayaraNode[] {gateway, h1, h2, misconfigured}) {
            assertTrue(!Files.readString(node.log()).contains(Backend.MERCHANT_KEY), node.log() + " holds the merchant key");
        }
        // Each node compares its webhook settings with the others' at start and every minute.
        Instant deadline = Instant.now().plusSeconds(75);
        HttpResponse<String> ready = getFrom(h1.base(), "/health/ready");
        while (!seesOtherWebhookSettings(ready.body()) && Instant.now().isBefore(deadline)) {
            pause(1000);
            ready = getFrom(h1.base(), "/health/ready");
        }
        assertEquals(200, ready.statusCode(), "differing webhook settings are shown, not a reason to stop: " + ready.body());
        assertTrue(seesOtherWebhookSettings(ready.body()), "H1 sees nodes without its webhook: " + ready.body());
    }

    /**
     * Issue #30: leases and due times are the database's time. H2 is started again with its clock
     * 30 s ahead; H1 claims an event and its observer takes 20 s. H1's lease for it lasts 45 s from
     * the claim, by the database's time, so H2 (which by its own clock would see the lease run out
     * after 15 s) leaves the event alone until H1 has delivered it.
     */
    @Test
    @Order(4)
    void aNodeWhoseClockIsAheadDoesNotTakeRowsAnotherNodeStillHolds() throws Exception {
        h2.close();
        Map<String, String> skewed = environment(18103, true);
        skewed.put("IT_CLOCK_SKEW_SECONDS", String.valueOf(SKEW_SECONDS));
        h2 = new PayaraNode("delivery-h2-skewed", healthyWar, 18103, skewed, postgres);
        PayaraNode.startFresh(h2);
        assertTrue(Duration.between(Instant.now(), Instant.parse(clock(h2, 0))).toSeconds() >= SKEW_SECONDS - 2,
                "H2's clock is ahead");

        String held = null;
        for (int attempt = 0; attempt < 3 && held == null; attempt++) {
            String number = create(h1, 4300 + attempt);
            assertEquals(204, postTo(h1.base(), "/it-support/fulfilments/" + number + "?hold=true", null, "").statusCode());
            pay(number);
            Instant deadline = Instant.now().plusSeconds(30);
            while (held == null && Instant.now().isBefore(deadline)) {
                if (fulfilments(h1, number).getString("hold").equals("waiting")) {
                    held = number; // H1 claimed it (its wake-up after the commit beat H2's timer) and its observer hangs
                } else if (fulfilments(h2, number).getInt("ledgerCalls") > 0) {
                    break; // H2's timer took it first: no claim of H1's to test against; try another
                }
                pause(100);
            }
        }
        assertTrue(held != null, "H1 claimed one of three events and held it");
        // The hold ends after 20 s (FulfilmentLedger.MAX_HOLD_SECONDS); by its own clock H2 would have
        // seen H1's 45 s lease end 15 s after the claim.
        JsonObject event = awaitDelivered(h1, held, Instant.now().plusSeconds(60));
        assertEquals("DELIVERED", event.getString("observers"), event.toString());
        assertEquals("expired", fulfilments(h1, held).getString("hold"), "H1's observer ran its 20 s");
        assertEquals(0, fulfilments(h2, held).getInt("ledgerCalls"), "H2 never took the event H1 held");
        assertEquals(1, fulfilments(h1, held).getInt("ledgerCalls"));
        assertEquals(1, event.getInt("observerAttempts"), "one claim");
    }

    /**
     * Issue #30: a crash repeats at most what was in progress. H1 claims six events in one batch;
     * the observers of the first five return at once, the sixth's hang. H1 is killed in the middle
     * of the sixth. The first five were recorded as they finished (within 20 ms), so the node that
     * takes over after the lease delivers only the sixth again.
     */
    @Test
    @Order(5)
    void aNodeKilledInTheMiddleOfABatchRepeatsNoFinishedDelivery() throws Exception {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String number = create(h1, 4400 + i);
            numbers.add(number);
            pay(number);
        }
        Map<String, Integer> callsBefore = new HashMap<>();
        for (String number : numbers) {
            assertEquals("DELIVERED", awaitDelivered(h1, number, Instant.now().plusSeconds(60)).getString("observers"));
            callsBefore.put(number, fulfilments(h2, number).getInt("ledgerCalls"));
        }
        String last = numbers.get(5);
        assertEquals(204, postTo(h1.base(), "/it-support/fulfilments/" + last + "?hold=true", null, "").statusCode());

        // The six events are due again an hour from now (in this order): H1, its clock moved two
        // hours on, claims all six in one batch; H2 does not see them due.
        rearm(numbers);
        clock(h1, 7200);
        Instant deadline = Instant.now().plusSeconds(60);
        while (!fulfilments(h1, last).getString("hold").equals("waiting") && Instant.now().isBefore(deadline)) {
            pause(100);
        }
        assertEquals("waiting", fulfilments(h1, last).getString("hold"), "H1 is in the sixth event's observer");
        List<String> finished = numbers.subList(0, 5);
        for (String number : finished) {
            assertTrue(fulfilments(h1, number).getInt("ledgerCalls") >= 1, "H1 delivered " + number + " before the sixth");
        }
        // What was finished is recorded within 20 ms; waits at most 8 s for a busy machine (today's
        // code records the batch only after the sixth, so this wait ends without it, well before the
        // sixth's observer gives up after 20 s).
        Instant recorded = Instant.now().plusSeconds(8);
        while (!finished.stream().allMatch(number -> observersState(number).equals("DELIVERED")) && Instant.now().isBefore(recorded)) {
            pause(100);
        }
        h1.kill();

        // Past H1's lease (an hour and a few minutes on its clock), H2 takes what is left.
        clock(h2, 3 * 3600);
        HttpResponse<String> dispatched = postTo(h2.base(), "/it-support/control/dispatch", null, "");
        assertEquals(200, dispatched.statusCode(), dispatched.body());
        assertEquals("DELIVERED", awaitDelivered(h2, last, Instant.now().plusSeconds(60)).getString("observers"));
        assertEquals(callsBefore.get(last) + 1, fulfilments(h2, last).getInt("ledgerCalls"), "the one in progress is delivered again");
        for (String number : finished) {
            assertEquals("DELIVERED", observersState(number), number);
            assertEquals(callsBefore.get(number), fulfilments(h2, number).getInt("ledgerCalls"),
                    "a delivery that had finished before the crash is not repeated: " + number);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static final int SKEW_SECONDS = 30;

    /** Moves the node's test clock by {@code seconds} (0: reads it); returns the node's time. */
    private static String clock(PayaraNode node, long seconds) {
        HttpResponse<String> moved = postTo(node.base(), "/it-support/control/clock?advanceSeconds=" + seconds, null, "");
        assertEquals(200, moved.statusCode(), moved.body());
        return json(moved).getString("now");
    }

    private static void pay(String number) {
        HttpResponse<String> paid = postTo(gateway.base(), "/sandbox/orders/" + number + "/pay?notify=true", null, "");
        assertEquals(200, paid.statusCode(), paid.body());
    }

    private static String observersState(String number) {
        try {
            return text("SELECT observers_state FROM payment_event WHERE mch_order_no = ? AND type = 'payment.succeeded'", number);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the orders' delivered events undelivered again, due an hour from now by the database's
     * clock, one second apart in the given order: as if they had been written then.
     */
    private static void rearm(List<String> numbers) throws SQLException {
        try (Connection db = database()) {
            for (int i = 0; i < numbers.size(); i++) {
                try (PreparedStatement update = db.prepareStatement("UPDATE payment_event SET observers_state = 'PENDING',"
                        + " observers_attempts = 0, observers_next_at = CURRENT_TIMESTAMP + INTERVAL '1 hour' + ? * INTERVAL '1 second',"
                        + " observers_claim = NULL, observers_done = NULL, observers_done_at = NULL, observers_error = NULL"
                        + " WHERE mch_order_no = ? AND type = 'payment.succeeded'")) {
                    update.setInt(1, i);
                    update.setString(2, numbers.get(i));
                    assertEquals(1, update.executeUpdate(), numbers.get(i));
                }
            }
        }
    }

    /** MicroProfile Health data is a string or a boolean, depending on the server. */
    private static boolean seesOtherWebhookSettings(String readiness) {
        return readiness.matches("(?s).*\"sameAsOtherNodes\":\\s*\"?false\"?.*");
    }

    private static String schedule() {
        StringBuilder text = new StringBuilder();
        for (long wait : SCHEDULE) {
            text.append(text.length() == 0 ? "" : ",").append(wait);
        }
        return text.toString();
    }

    private static Map<String, String> environment(int port, boolean withMerchantKey) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("IOTPAY_API_URL", "http://localhost:18101/sandbox/v1");
        env.put("IOTPAY_NOTIFY_URL", "http://localhost:" + port + "/api/notify");
        if (!withMerchantKey) {
            env.remove("IOTPAY_MCH_KEY");
        }
        return env;
    }

    private static String create(PayaraNode node, long amount) {
        HttpResponse<String> created = postTo(node.base(), "/api/orders", "application/json",
                "{\"channelId\":\"WX_APP\",\"amount\":" + amount + "}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("mchOrderNo");
    }

    private static String status(String number) {
        return json(getFrom(h1.base(), "/api/orders/" + number)).getString("status");
    }

    private static String awaitStatus(String number, Instant deadline) {
        String status = status(number);
        while (!"PAID".equals(status) && Instant.now().isBefore(deadline)) {
            pause(200);
            status = status(number);
        }
        return status;
    }

    private static JsonObject event(String number) {
        return event(h1, number);
    }

    private static JsonObject event(PayaraNode node, String number) {
        return Backend.events(node.base(), number).stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals("payment.succeeded")).findFirst()
                .orElseThrow(() -> new AssertionError("no payment.succeeded event for " + number));
    }

    /** Waits, without running anything itself, until both destinations are done with the order's event. */
    private static JsonObject awaitDelivered(String number, Instant deadline) {
        return awaitDelivered(h1, number, deadline);
    }

    private static JsonObject awaitDelivered(PayaraNode node, String number, Instant deadline) {
        JsonObject event = event(node, number);
        while (Instant.now().isBefore(deadline)) {
            if (!event.getString("webhook").equals("PENDING") && !event.getString("observers").equals("PENDING")) {
                return event;
            }
            pause(250);
            event = event(node, number);
        }
        throw new AssertionError("the event of " + number + " was not delivered in time: " + event);
    }

    private static JsonObject fulfilments(PayaraNode node, String number) {
        HttpResponse<String> ledger = getFrom(node.base(), "/it-support/fulfilments/" + number);
        assertEquals(200, ledger.statusCode(), ledger.body());
        return json(ledger);
    }

    private static long claims(String number) throws SQLException {
        return single("SELECT check_attempts FROM payment_order WHERE mch_order_no = ?", number);
    }

    private static long questionsAsked(String number) throws SQLException {
        return single("SELECT count(*) FROM gateway_call WHERE mch_order_no = ? AND operation = 'query_order'", number);
    }

    private static Connection database() throws SQLException {
        String url = "jdbc:postgresql://" + System.getenv("DB_HOST") + ":" + System.getenv("DB_PORT") + "/" + System.getenv("DB_NAME");
        return DriverManager.getConnection(url, System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }

    private static String text(String sql, String number) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, number);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), sql);
                return rows.getString(1);
            }
        }
    }

    private static long single(String sql, String number) throws SQLException {
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, number);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), sql);
                return rows.getLong(1);
            }
        }
    }

    private static int occurrences(String text, String phrase) {
        Matcher matcher = Pattern.compile(Pattern.quote(phrase)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
