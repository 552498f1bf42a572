package dev.iotpaymerchant.audit.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The self-audit's rules, without a database: each takes rows as {@link BooksReader} read them and
 * says what is wrong with them. Statuses are the stored names, so that a row no enum knows (a
 * broken one) is still judged rather than failing the run.
 */
public final class BooksRules {

    /** Which event announces each status an order keeps for good; the other statuses announce no payment. */
    static final Map<String, String> PAYMENT_EVENT = Map.of("PAID", "payment.succeeded",
            "PAID_AFTER_CLOSE", "payment.after_close", "NEEDS_REVIEW", "payment.needs_review");
    /** Statuses of an order that took the payer's money. */
    static final Set<String> PAID = Set.of("PAID", "PAID_AFTER_CLOSE");

    private BooksRules() {
    }

    /** Where a row's next check stands, by the database's time and the overdue margin. */
    public enum Schedule { NONE, SCHEDULED, OVERDUE }

    /** What the audit reads of an order; {@code watched} when it has a late-payment watch. */
    public record OrderRow(String mchOrderNo, String status, long amount, Totals totals, String checkoutId,
                           Schedule schedule, boolean watched) {
    }

    /** An order's refund totals, as its row holds them. */
    public record Totals(long reserved, long refunded, long lateRefunded, long overRefundResolved) {
    }

    /** What the audit reads of a refund. */
    public record RefundRow(String refundNo, String mchOrderNo, long amount, String status, Schedule schedule) {
    }

    /** What the audit reads of a checkout. */
    public record CheckoutRow(String checkoutId, String status, String paidOrderNo, int extraPayments) {
    }

    /** One attempt (an order) at a checkout. */
    public record Attempt(String mchOrderNo, String status) {
    }

    /** A pending delivery of an event to one destination ("observers" or "webhook"). */
    public record Delivery(String eventId, String mchOrderNo, String destination, int attempts, boolean overdue) {
    }

    /**
     * The rules about one order: its payment event, its refund totals and their limit, and its
     * next check. {@code paymentEvents} are the types of its events that announce a payment
     * (payment.succeeded, payment.after_close, payment.needs_review), one entry per event.
     */
    public static List<Finding> order(OrderRow order, List<String> paymentEvents, List<RefundRow> refunds) {
        List<Finding> found = new ArrayList<>();
        paymentEvent(order, paymentEvents).ifPresent(found::add);
        found.addAll(refundTotals(order, refunds));
        overdue(order).ifPresent(found::add);
        for (RefundRow refund : refunds) {
            overdue(refund).ifPresent(found::add);
        }
        return found;
    }

    static Optional<Finding> paymentEvent(OrderRow order, List<String> paymentEvents) {
        String expected = PAYMENT_EVENT.get(order.status());
        long announcing = expected == null ? 0 : paymentEvents.stream().filter(expected::equals).count();
        long others = paymentEvents.size() - announcing;
        if (expected != null && (announcing != 1 || others > 0)) {
            return Optional.of(new Finding(Invariant.PAYMENT_EVENT, order.mchOrderNo(), order.mchOrderNo(),
                    "The order is " + order.status() + " but has " + announcing + " " + expected + " event(s)"
                            + (others > 0 ? " and " + others + " other payment event(s)" : "") + "; exactly one was due."));
        }
        if (expected == null && !paymentEvents.isEmpty()) {
            return Optional.of(new Finding(Invariant.PAYMENT_EVENT, order.mchOrderNo(), order.mchOrderNo(),
                    "The order is " + order.status() + " but has " + paymentEvents.size() + " payment event(s) ("
                            + String.join(", ", Set.copyOf(paymentEvents)) + ")."));
        }
        return Optional.empty();
    }

    static List<Finding> refundTotals(OrderRow order, List<RefundRow> refunds) {
        List<Finding> found = new ArrayList<>();
        long reserved = refunds.stream().filter(refund -> !"FAILED".equals(refund.status())).mapToLong(RefundRow::amount).sum();
        long refunded = refunds.stream().filter(refund -> "SUCCEEDED".equals(refund.status())).mapToLong(RefundRow::amount).sum();
        Totals totals = order.totals();
        if (totals.reserved() != reserved || totals.refunded() != refunded) {
            found.add(new Finding(Invariant.REFUND_TOTALS, order.mchOrderNo(), order.mchOrderNo(),
                    "The order holds " + totals.reserved() + " reserved and " + totals.refunded() + " refunded (minor units);"
                            + " its " + refunds.size() + " refund(s) add up to " + reserved + " reserved and " + refunded
                            + " refunded."));
        }
        long paid = PAID.contains(order.status()) ? order.amount() : 0;
        if (totals.refunded() > paid && totals.overRefundResolved() < totals.refunded()) {
            found.add(new Finding(Invariant.REFUND_OVER_PAYMENT, order.mchOrderNo(), order.mchOrderNo(),
                    "Refunded " + totals.refunded() + " of a payment of " + paid + " (minor units), and no operator has"
                            + " resolved it yet."));
        } else if (totals.reserved() > paid + totals.lateRefunded()) {
            found.add(new Finding(Invariant.REFUND_OVER_PAYMENT, order.mchOrderNo(), order.mchOrderNo(),
                    "Refunds reserve " + totals.reserved() + " of a payment of " + paid + " (minor units)."));
        }
        return found;
    }

    static Optional<Finding> overdue(OrderRow order) {
        boolean unsettled = "UNKNOWN".equals(order.status()) || "PENDING".equals(order.status());
        boolean watchedClosed = order.watched() && ("CLOSED".equals(order.status()) || "FAILED".equals(order.status()));
        if (order.schedule() == Schedule.OVERDUE) {
            return Optional.of(new Finding(Invariant.ORDER_OVERDUE, order.mchOrderNo(), order.mchOrderNo(),
                    "The order (" + order.status() + ") was due to be checked with IOTPay long ago, and has not been."));
        }
        if (order.schedule() == Schedule.NONE && (unsettled || watchedClosed)) {
            return Optional.of(new Finding(Invariant.ORDER_OVERDUE, order.mchOrderNo(), order.mchOrderNo(),
                    "The order is " + order.status() + (watchedClosed ? " under a late-payment watch" : "")
                            + " but no check with IOTPay is scheduled."));
        }
        return Optional.empty();
    }

    static Optional<Finding> overdue(RefundRow refund) {
        boolean unsettled = "UNKNOWN".equals(refund.status()) || "PROCESSING".equals(refund.status());
        if (!unsettled || refund.schedule() == Schedule.SCHEDULED) {
            return Optional.empty();
        }
        return Optional.of(new Finding(Invariant.REFUND_OVERDUE, refund.refundNo(), refund.mchOrderNo(),
                "The refund is " + refund.status() + (refund.schedule() == Schedule.NONE ? " but no check with IOTPay is scheduled."
                        : " and was due to be checked with IOTPay long ago, and has not been.")));
    }

    /**
     * The rules about one checkout and all its attempts: an OPEN checkout has no paid attempt; a
     * PAID one is paid by its paying attempt plus exactly its recorded extras; an expired or
     * cancelled one has only its extras.
     */
    public static Optional<Finding> checkout(CheckoutRow checkout, List<Attempt> attempts) {
        List<String> paid = attempts.stream().filter(attempt -> PAID.contains(attempt.status())).map(Attempt::mchOrderNo).toList();
        String story = paid.isEmpty() ? checkout.paidOrderNo() : paid.get(0);
        if ("OPEN".equals(checkout.status())) {
            return paid.isEmpty() ? Optional.empty() : Optional.of(new Finding(Invariant.CHECKOUT_OPEN_PAID,
                    checkout.checkoutId(), story, "The checkout is OPEN but " + paid.size() + " of its attempts are paid ("
                            + String.join(", ", paid) + ")."));
        }
        boolean paidCheckout = "PAID".equals(checkout.status());
        if (paidCheckout && !paid.contains(checkout.paidOrderNo())) {
            return Optional.of(new Finding(Invariant.CHECKOUT_ATTEMPTS, checkout.checkoutId(), story,
                    "The checkout is PAID by order " + checkout.paidOrderNo() + ", which is not a paid attempt of it."));
        }
        int expected = (paidCheckout ? 1 : 0) + checkout.extraPayments();
        if (paid.size() != expected) {
            return Optional.of(new Finding(Invariant.CHECKOUT_ATTEMPTS, checkout.checkoutId(), story,
                    "The checkout is " + checkout.status() + " with " + checkout.extraPayments() + " extra payment(s) recorded,"
                            + " so " + expected + " paid attempt(s) were due; it has " + paid.size() + "."));
        }
        return Optional.empty();
    }

    /** A paid attempt whose checkout is not stored. */
    public static Finding missingCheckout(String checkoutId, String mchOrderNo) {
        return new Finding(Invariant.CHECKOUT_ATTEMPTS, checkoutId, mchOrderNo,
                "The order is a paid attempt at checkout " + checkoutId + ", which is not stored.");
    }

    /**
     * A pending delivery that has used its tries ({@code tries}: the first and one per wait of the
     * retry schedule). The last try itself is pending under its claim until it ends: only when its
     * due time is long past, or more tries were counted than there are, is it a finding.
     */
    public static Optional<Finding> delivery(Delivery delivery, int tries) {
        if (delivery.attempts() > tries || (delivery.attempts() == tries && delivery.overdue())) {
            return Optional.of(new Finding(Invariant.EVENT_NOT_FAILED, delivery.eventId() + " " + delivery.destination(),
                    delivery.mchOrderNo(), "The " + delivery.destination() + " delivery of event " + delivery.eventId()
                            + " has made " + delivery.attempts() + " of its " + tries + " tries and is still pending, not FAILED."));
        }
        return Optional.empty();
    }

    /** An idempotency key whose request names an order or refund that is not stored. */
    public static Finding danglingKey(String key, String number) {
        return new Finding(Invariant.KEY_DANGLING, key, null,
                "The idempotency key names " + number + ", which is neither a stored order nor a stored refund.");
    }
}
