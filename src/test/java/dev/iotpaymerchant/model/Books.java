package dev.iotpaymerchant.model;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The model: what must be true of the books after every step, read straight from the database with SQL (not
 * through the entities under test) and set against IOTPay's own books and against what was seen before.
 * Money: paid once, and only what IOTPay took; refunds never more than was paid; every reservation released
 * exactly once. Statuses: only the allowed transitions, final states final, a checkout paid by exactly one
 * attempt and every other paid attempt counted as extra. Events: exactly one per transition, none twice; each
 * delivered to the observers, and again only where a crash struck before its outcome was due to be recorded.
 */
final class Books {

    /** The order statuses each status may move to (several moves may fall within one step). */
    private static final Map<String, Set<String>> ORDER_MOVES = Map.of(
            "UNKNOWN", Set.of("PENDING", "PAID", "FAILED", "CLOSED", "NEEDS_REVIEW", "PAID_AFTER_CLOSE"),
            "PENDING", Set.of("PAID", "CLOSED", "NEEDS_REVIEW", "PAID_AFTER_CLOSE"),
            "FAILED", Set.of("PAID", "PAID_AFTER_CLOSE", "NEEDS_REVIEW"),
            "CLOSED", Set.of("PAID", "PAID_AFTER_CLOSE", "NEEDS_REVIEW"),
            "PAID", Set.of(), "PAID_AFTER_CLOSE", Set.of(), "NEEDS_REVIEW", Set.of());
    private static final Map<String, Set<String>> CHECKOUT_MOVES = Map.of(
            "OPEN", Set.of("PAID", "EXPIRED", "CANCELLED"), "PAID", Set.of(), "EXPIRED", Set.of(), "CANCELLED", Set.of());
    private static final Map<String, Set<String>> REFUND_MOVES = Map.of(
            "UNKNOWN", Set.of("PROCESSING", "SUCCEEDED", "FAILED"),
            "PROCESSING", Set.of("SUCCEEDED", "FAILED"),
            "FAILED", Set.of("SUCCEEDED", "PROCESSING"),
            "SUCCEEDED", Set.of());
    /** The event each order status announces. */
    private static final Map<String, String> ORDER_EVENTS = Map.of("PAID", "payment.succeeded",
            "PAID_AFTER_CLOSE", "payment.after_close", "NEEDS_REVIEW", "payment.needs_review",
            "CLOSED", "order.closed", "FAILED", "order.failed");
    private static final Set<String> PAID = Set.of("PAID", "PAID_AFTER_CLOSE");

    private final Map<String, String> orderStatus = new HashMap<>();
    private final Map<String, Set<String>> orderSeen = new HashMap<>();
    private final Map<String, String> refundStatus = new HashMap<>();
    private final Set<String> refundsFailedOnce = new HashSet<>();
    private String checkoutStatus = "OPEN";

    /** Checks the books after a step; {@code step} names it in the failure. */
    void check(Shop shop, String step) {
        List<String> problems = new ArrayList<>();
        Map<String, Long> events = counts("SELECT type || ' ' || mch_order_no FROM payment_event");
        checkOrders(shop, events, problems);
        checkCheckout(shop, events, problems);
        checkRefunds(shop, problems);
        problems.addAll(shop.outsideClaims);
        checkDeliveries(shop.dispatching, problems);
        if (!problems.isEmpty()) {
            throw new AssertionError("after " + step + ":\n  " + String.join("\n  ", problems));
        }
    }

    private void checkOrders(Shop shop, Map<String, Long> events, List<String> problems) {
        for (String[] row : rows("SELECT mch_order_no, status, amount, refund_reserved, refunded_amount FROM payment_order", 5)) {
            String no = row[0];
            String status = row[1];
            String before = orderStatus.getOrDefault(no, "UNKNOWN");
            if (!before.equals(status) && !ORDER_MOVES.get(before).contains(status)) {
                problems.add(no + " moved " + before + " → " + status);
            }
            orderStatus.put(no, status);
            Set<String> seen = orderSeen.computeIfAbsent(no, n -> new HashSet<>());
            seen.add(status);
            ScriptedIotPay.Order atIotPay = shop.iotpay.orders.get(no);
            if (PAID.contains(status) && (atIotPay == null || !atIotPay.paid)) {
                problems.add(no + " is " + status + " but IOTPay took no payment for it");
            }
            for (Map.Entry<String, String> announced : ORDER_EVENTS.entrySet()) {
                long count = events.getOrDefault(announced.getValue() + " " + no, 0L);
                long expected = seen.contains(announced.getKey()) ? 1 : 0;
                if (count != expected) {
                    problems.add(no + " (" + status + ", was " + seen + ") has " + count + " " + announced.getValue()
                            + " events, not " + expected);
                }
            }
            long reserved = Long.parseLong(row[3]);
            long refunded = Long.parseLong(row[4]);
            long amount = Long.parseLong(row[2]);
            List<String[]> refunds = rows("SELECT status, amount FROM refund WHERE mch_order_no = '" + no + "'", 2);
            long succeeded = refunds.stream().filter(r -> r[0].equals("SUCCEEDED")).mapToLong(r -> Long.parseLong(r[1])).sum();
            long held = refunds.stream().filter(r -> !r[0].equals("FAILED")).mapToLong(r -> Long.parseLong(r[1])).sum();
            if (refunded != succeeded) {
                problems.add(no + " counts " + refunded + " refunded, its refunds that succeeded " + succeeded);
            }
            if (reserved != held) {
                problems.add(no + " holds " + reserved + " for refunds, its refunds that did not fail " + held
                        + " (a reservation released twice or never)");
            }
            if (succeeded > amount || (!refunds.isEmpty() && !PAID.contains(status))) {
                problems.add(no + " (" + status + ", " + amount + ") has refunds of " + succeeded + ": more than was paid");
            }
        }
    }

    private void checkCheckout(Shop shop, Map<String, Long> events, List<String> problems) {
        String[] checkout = rows("SELECT status, paid_order_no, extra_payments, expires_at, settled_at FROM checkout"
                + " WHERE checkout_id = '" + shop.checkoutId + "'", 5).get(0);
        String status = checkout[0];
        if (!status.equals(checkoutStatus) && !CHECKOUT_MOVES.get(checkoutStatus).contains(status)) {
            problems.add("the checkout moved " + checkoutStatus + " → " + status);
        }
        checkoutStatus = status;
        int extra = Integer.parseInt(checkout[2]);
        List<String[]> attempts = rows("SELECT mch_order_no, status, created_at < CAST('" + checkout[3]
                + "' AS TIMESTAMP WITH TIME ZONE), " + (checkout[4] == null ? "TRUE" : "created_at <= CAST('" + checkout[4]
                + "' AS TIMESTAMP WITH TIME ZONE)") + " FROM payment_order WHERE checkout_id = '" + shop.checkoutId + "'", 4);
        long paidAttempts = attempts.stream().filter(a -> PAID.contains(a[1])).count();
        long expected = (status.equals("PAID") ? 1 : 0) + extra;
        if (paidAttempts != expected) {
            problems.add("the checkout (" + status + ", " + extra + " extra) has " + paidAttempts + " paid attempts, not "
                    + expected);
        }
        if (status.equals("PAID") && attempts.stream().noneMatch(a -> a[0].equals(checkout[1]) && a[1].equals("PAID"))) {
            problems.add("the checkout is PAID by " + checkout[1] + ", which is not a PAID attempt of it");
        }
        for (String[] attempt : attempts) {
            if (!Boolean.parseBoolean(attempt[2]) || !Boolean.parseBoolean(attempt[3])) {
                problems.add("attempt " + attempt[0] + " was made after its checkout closed or expired");
            }
        }
        String key = shop.checkoutId;
        expectEvents(problems, "checkout.expired " + key, events, status.equals("EXPIRED") ? 1 : 0);
        expectEvents(problems, "checkout.cancelled " + key, events, status.equals("CANCELLED") ? 1 : 0);
        long paidEvents = attempts.stream().mapToLong(a -> events.getOrDefault("checkout.paid " + a[0], 0L)).sum();
        long extraEvents = attempts.stream().mapToLong(a -> events.getOrDefault("checkout.overpaid " + a[0], 0L)).sum();
        if (paidEvents != (status.equals("PAID") ? 1 : 0) || extraEvents != extra) {
            problems.add("the checkout (" + status + ", " + extra + " extra) has " + paidEvents + " checkout.paid and "
                    + extraEvents + " checkout.overpaid events");
        }
    }

    private void checkRefunds(Shop shop, List<String> problems) {
        Map<String, Long> events = counts("SELECT type || ' ' || payload FROM payment_event WHERE type LIKE 'refund.%'",
                text -> text.substring(0, text.indexOf(' ')) + " " + json(text.substring(text.indexOf(' ') + 1)).getString("refundNo"));
        for (String[] row : rows("SELECT refund_no, status FROM refund", 2)) {
            String no = row[0];
            String status = row[1];
            String before = refundStatus.getOrDefault(no, "UNKNOWN");
            if (!before.equals(status) && !REFUND_MOVES.get(before).contains(status)) {
                problems.add("refund " + no + " moved " + before + " → " + status);
            }
            refundStatus.put(no, status);
            if (status.equals("FAILED")) {
                refundsFailedOnce.add(no);
            }
            ScriptedIotPay.RefundAtGateway atIotPay = shop.iotpay.refunds.get(no);
            if (status.equals("SUCCEEDED") && (atIotPay == null || !atIotPay.succeeded)) {
                problems.add("refund " + no + " is SUCCEEDED but IOTPay made no such refund");
            }
            expectEvents(problems, "refund.succeeded " + no, events, status.equals("SUCCEEDED") ? 1 : 0);
            expectEvents(problems, "refund.failed " + no, events, refundsFailedOnce.contains(no) ? 1 : 0);
        }
        for (String refundNo : shop.iotpay.refunds.keySet()) {
            if (!refundStatus.containsKey(refundNo)) {
                problems.add("IOTPay made refund " + refundNo + ", which is not in the books");
            }
        }
    }

    /**
     * A crash repeats at most what was in progress: an observer that returned normally for an event is called for it
     * again only after a crash that struck before that outcome was due to be recorded, and once for each such crash.
     */
    private static void checkDeliveries(Dispatching dispatching, List<String> problems) {
        problems.addAll(dispatching.problems);
        dispatching.returned.forEach((delivery, times) -> {
            String event = delivery.substring(0, delivery.indexOf(' '));
            int mayRepeat = dispatching.mayRepeat.getOrDefault(event, 0);
            if (times > 1 + mayRepeat) {
                problems.add("event " + dispatching.name(event) + " reached " + delivery.substring(event.length() + 1) + " "
                        + times + " times; " + mayRepeat + " crashes struck while it was in progress");
            }
        });
    }

    private static void expectEvents(List<String> problems, String key, Map<String, Long> events, long expected) {
        long count = events.getOrDefault(key, 0L);
        if (count != expected) {
            problems.add(count + " " + key + " events, not " + expected);
        }
    }

    /** Every order IOTPay took a payment for is in the books as paid (or waits for review). */
    void checkEveryPaymentRecorded(Shop shop) {
        for (Map.Entry<String, ScriptedIotPay.Order> order : shop.iotpay.orders.entrySet()) {
            String status = orderStatus.get(order.getKey());
            if (order.getValue().paid && !PAID.contains(status) && !"NEEDS_REVIEW".equals(status)) {
                throw new AssertionError("IOTPay took a payment for " + order.getKey() + ", which stays " + status);
            }
        }
    }

    /**
     * Once all is quiet: every payment the checkout did not need (a paid attempt other than the one that paid it,
     * or any paid attempt of a checkout that closed unpaid) is given back in full, or else waits for a person, as
     * docs/api.md promises of {@code checkout.overpaid} ("refunded or waits in the review queue"): its checkout
     * counts it as extra and no operator has resolved it. The system's refund can fail (IOTPay refuses it, or it was
     * stored and never sent because the node stopped in between, and is FAILED after the settle watch), and then
     * only the review queue keeps the money from being forgotten.
     */
    void checkExtraPaymentsGivenBackOrInReview(Shop shop) {
        String[] checkout = rows("SELECT paid_order_no, extra_payments, overpaid_resolved FROM checkout WHERE checkout_id = '"
                + shop.checkoutId + "'", 3).get(0);
        boolean inReview = Integer.parseInt(checkout[1]) > 0 && !Boolean.parseBoolean(checkout[2]);
        for (String[] attempt : rows("SELECT mch_order_no, amount, refunded_amount FROM payment_order WHERE checkout_id = '"
                + shop.checkoutId + "' AND status IN ('PAID', 'PAID_AFTER_CLOSE')", 3)) {
            boolean extra = !attempt[0].equals(checkout[0]);
            if (extra && !attempt[1].equals(attempt[2]) && !inReview) {
                throw new AssertionError("the extra payment " + attempt[0] + " (" + attempt[1] + ") was given back "
                        + attempt[2] + " and is not in the review queue; after\n    " + String.join("\n    ", shop.log));
            }
        }
    }

    /** Once all is quiet: every event reached the observers (the merchant's among them) and is recorded as delivered. */
    void checkEveryEventDelivered(Shop shop) {
        List<String> undelivered = new ArrayList<>();
        for (String[] event : rows("SELECT event_id, type, observers_state, observers_error FROM payment_event ORDER BY id", 4)) {
            boolean reached = shop.dispatching.returned.containsKey(event[0] + " " + Dispatching.EVERY_EVENT);
            if (!event[2].equals("DELIVERED") || !reached) {
                undelivered.add(event[1] + " " + shop.dispatching.name(event[0]) + " is " + event[2] + " (" + event[3] + ")");
            }
        }
        if (!undelivered.isEmpty()) {
            throw new AssertionError("not delivered once all was quiet:\n  " + String.join("\n  ", undelivered)
                    + "\n  after\n    " + String.join("\n    ", shop.log));
        }
    }

    /** Once all is quiet and every watch is over: nothing waits for IOTPay any more, and no amount stays reserved. */
    void checkNothingStuck(Shop shop) {
        List<String> stuck = new ArrayList<>();
        rows("SELECT mch_order_no, status FROM payment_order WHERE status IN ('UNKNOWN', 'PENDING')", 2)
                .forEach(row -> stuck.add("order " + row[0] + " is still " + row[1]));
        rows("SELECT refund_no, status FROM refund WHERE status IN ('UNKNOWN', 'PROCESSING')", 2)
                .forEach(row -> stuck.add("refund " + row[0] + " is still " + row[1] + ", its amount reserved"));
        rows("SELECT checkout_id FROM checkout WHERE status = 'OPEN'", 1)
                .forEach(row -> stuck.add("checkout " + row[0] + " is still OPEN, long after it expired"));
        if (!stuck.isEmpty()) {
            throw new AssertionError("stuck once all was quiet:\n  " + String.join("\n  ", stuck) + "\n  after\n    "
                    + String.join("\n    ", shop.log));
        }
    }

    private static Map<String, Long> counts(String sql) {
        return counts(sql, text -> text);
    }

    private static Map<String, Long> counts(String sql, java.util.function.UnaryOperator<String> key) {
        Map<String, Long> counts = new HashMap<>();
        column(sql).forEach(value -> counts.merge(key.apply(value), 1L, Long::sum));
        return counts;
    }

    static List<String> column(String sql) {
        return rows(sql, 1).stream().map(row -> row[0]).toList();
    }

    static List<String[]> rows(String sql, int columns) {
        try (Connection connection = Database.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<String[]> rows = new ArrayList<>();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
