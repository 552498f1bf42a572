package dev.iotpaymerchant.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.audit.control.BooksRules.Attempt;
import dev.iotpaymerchant.audit.control.BooksRules.CheckoutRow;
import dev.iotpaymerchant.audit.control.BooksRules.Delivery;
import dev.iotpaymerchant.audit.control.BooksRules.OrderRow;
import dev.iotpaymerchant.audit.control.BooksRules.RefundRow;
import dev.iotpaymerchant.audit.control.BooksRules.Schedule;
import dev.iotpaymerchant.audit.control.BooksRules.Totals;

/** The self-audit's rules on rows as the database holds them, healthy and broken. */
class BooksRulesTest {

    private static final Totals NO_REFUNDS = new Totals(0, 0, 0, 0);

    private static OrderRow order(String status, Totals totals, Schedule schedule, boolean watched) {
        return new OrderRow("MO1", status, 1000, totals, null, schedule, watched);
    }

    private static List<Invariant> invariants(List<Finding> findings) {
        return findings.stream().map(Finding::invariant).toList();
    }

    @Test
    void aPaidOrderWithItsOnePaymentEventAndNothingDueIsHealthy() {
        assertEquals(List.of(), BooksRules.order(order("PAID", NO_REFUNDS, Schedule.NONE, false), List.of("payment.succeeded"), List.of()));
    }

    @Test
    void aPaidOrderWithoutItsEventOrWithTwoIsFound() {
        OrderRow paid = order("PAID", NO_REFUNDS, Schedule.NONE, false);
        assertEquals(List.of(Invariant.PAYMENT_EVENT), invariants(BooksRules.order(paid, List.of(), List.of())));
        assertEquals(List.of(Invariant.PAYMENT_EVENT),
                invariants(BooksRules.order(paid, List.of("payment.succeeded", "payment.succeeded"), List.of())));
        assertEquals(List.of(Invariant.PAYMENT_EVENT),
                invariants(BooksRules.order(paid, List.of("payment.succeeded", "payment.after_close"), List.of())));
    }

    @Test
    void eachPaymentLikeStatusWantsItsOwnEventAndAnUnpaidOrderNone() {
        assertEquals(List.of(), BooksRules.order(order("PAID_AFTER_CLOSE", NO_REFUNDS, Schedule.NONE, false),
                List.of("payment.after_close"), List.of()));
        assertEquals(List.of(), BooksRules.order(order("NEEDS_REVIEW", NO_REFUNDS, Schedule.NONE, false),
                List.of("payment.needs_review"), List.of()));
        assertEquals(List.of(Invariant.PAYMENT_EVENT), invariants(BooksRules.order(
                order("PAID_AFTER_CLOSE", NO_REFUNDS, Schedule.NONE, false), List.of("payment.succeeded"), List.of())));
        assertEquals(List.of(Invariant.PAYMENT_EVENT), invariants(BooksRules.order(
                order("PENDING", NO_REFUNDS, Schedule.SCHEDULED, false), List.of("payment.succeeded"), List.of())));
    }

    @Test
    void refundTotalsAreTheSumsOfTheRefundsByStatus() {
        List<RefundRow> refunds = List.of(new RefundRow("RF1", "MO1", 300, "SUCCEEDED", Schedule.NONE),
                new RefundRow("RF2", "MO1", 200, "PROCESSING", Schedule.SCHEDULED),
                new RefundRow("RF3", "MO1", 400, "FAILED", Schedule.NONE));
        assertEquals(List.of(), BooksRules.order(order("PAID", new Totals(500, 300, 0, 0), Schedule.NONE, false),
                List.of("payment.succeeded"), refunds));
        assertEquals(List.of(Invariant.REFUND_TOTALS), invariants(BooksRules.order(
                order("PAID", new Totals(900, 300, 0, 0), Schedule.NONE, false), List.of("payment.succeeded"), refunds)));
        assertEquals(List.of(Invariant.REFUND_TOTALS), invariants(BooksRules.order(
                order("PAID", new Totals(500, 0, 0, 0), Schedule.NONE, false), List.of("payment.succeeded"), refunds)));
    }

    @Test
    void refundsBeyondThePaymentAreFoundUntilAnOperatorResolvesThem() {
        List<RefundRow> refunds = List.of(new RefundRow("RF1", "MO1", 1000, "SUCCEEDED", Schedule.NONE),
                new RefundRow("RF2", "MO1", 100, "SUCCEEDED", Schedule.NONE));
        Totals over = new Totals(1100, 1100, 100, 0);
        assertEquals(List.of(Invariant.REFUND_OVER_PAYMENT), invariants(BooksRules.order(
                order("PAID", over, Schedule.NONE, false), List.of("payment.succeeded"), refunds)));
        Totals resolved = new Totals(1100, 1100, 100, 1100);
        assertEquals(List.of(), BooksRules.order(order("PAID", resolved, Schedule.NONE, false), List.of("payment.succeeded"), refunds));
    }

    @Test
    void anUnpaidOrderHoldsNoRefund() {
        List<RefundRow> refunds = List.of(new RefundRow("RF1", "MO1", 100, "UNKNOWN", Schedule.SCHEDULED));
        assertEquals(List.of(Invariant.REFUND_OVER_PAYMENT), invariants(BooksRules.order(
                order("CLOSED", new Totals(100, 0, 0, 0), Schedule.NONE, false), List.of(), refunds)));
    }

    @Test
    void anUnsettledOrderOrAWatchedClosedOneWithoutACheckOrLongPastItIsOverdue() {
        assertEquals(List.of(), BooksRules.order(order("PENDING", NO_REFUNDS, Schedule.SCHEDULED, false), List.of(), List.of()));
        assertEquals(List.of(Invariant.ORDER_OVERDUE),
                invariants(BooksRules.order(order("PENDING", NO_REFUNDS, Schedule.OVERDUE, false), List.of(), List.of())));
        assertEquals(List.of(Invariant.ORDER_OVERDUE),
                invariants(BooksRules.order(order("UNKNOWN", NO_REFUNDS, Schedule.NONE, false), List.of(), List.of())));
        assertEquals(List.of(Invariant.ORDER_OVERDUE),
                invariants(BooksRules.order(order("CLOSED", NO_REFUNDS, Schedule.NONE, true), List.of(), List.of())));
        assertEquals(List.of(), BooksRules.order(order("CLOSED", NO_REFUNDS, Schedule.NONE, false), List.of(), List.of()),
                "a watch that ended leaves nothing to check");
    }

    @Test
    void anUnsettledRefundWithoutACheckOrLongPastItIsOverdue() {
        Totals reserved = new Totals(100, 0, 0, 0);
        for (Schedule schedule : List.of(Schedule.NONE, Schedule.OVERDUE)) {
            List<Finding> found = BooksRules.order(order("PAID", reserved, Schedule.NONE, false), List.of("payment.succeeded"),
                    List.of(new RefundRow("RF1", "MO1", 100, "PROCESSING", schedule)));
            assertEquals(List.of(Invariant.REFUND_OVERDUE), invariants(found));
            assertEquals("RF1", found.get(0).subject());
            assertEquals("MO1", found.get(0).mchOrderNo());
        }
    }

    @Test
    void anOpenCheckoutHasNoPaidAttempt() {
        CheckoutRow open = new CheckoutRow("CO1", "OPEN", null, 0);
        assertTrue(BooksRules.checkout(open, List.of(new Attempt("MO1", "PENDING"), new Attempt("MO2", "CLOSED"))).isEmpty());
        assertEquals(Invariant.CHECKOUT_OPEN_PAID,
                BooksRules.checkout(open, List.of(new Attempt("MO1", "PAID"))).orElseThrow().invariant());
    }

    @Test
    void aPaidCheckoutHasItsPayingAttemptPlusExactlyItsExtras() {
        CheckoutRow paidOnce = new CheckoutRow("CO1", "PAID", "MO1", 0);
        assertTrue(BooksRules.checkout(paidOnce, List.of(new Attempt("MO1", "PAID"), new Attempt("MO2", "CLOSED"))).isEmpty());
        assertEquals(Invariant.CHECKOUT_ATTEMPTS, BooksRules.checkout(paidOnce,
                List.of(new Attempt("MO1", "PAID"), new Attempt("MO2", "PAID_AFTER_CLOSE"))).orElseThrow().invariant());
        CheckoutRow paidTwice = new CheckoutRow("CO1", "PAID", "MO1", 1);
        assertTrue(BooksRules.checkout(paidTwice, List.of(new Attempt("MO1", "PAID"), new Attempt("MO2", "PAID_AFTER_CLOSE"))).isEmpty());
        assertEquals(Invariant.CHECKOUT_ATTEMPTS, BooksRules.checkout(paidOnce, List.of(new Attempt("MO1", "CLOSED"),
                new Attempt("MO2", "PAID"))).orElseThrow().invariant(), "paid by an order that is not a paid attempt");
    }

    @Test
    void aClosedCheckoutHasOnlyItsExtras() {
        assertTrue(BooksRules.checkout(new CheckoutRow("CO1", "EXPIRED", null, 1), List.of(new Attempt("MO1", "PAID_AFTER_CLOSE"))).isEmpty());
        assertEquals(Invariant.CHECKOUT_ATTEMPTS, BooksRules.checkout(new CheckoutRow("CO1", "CANCELLED", null, 0),
                List.of(new Attempt("MO1", "PAID"))).orElseThrow().invariant());
    }

    @Test
    void aDeliveryOutOfTriesIsFoundOnlyOnceItsLastTryIsLongOverOrItCountedMoreTriesThanThereAre() {
        assertTrue(BooksRules.delivery(new Delivery("E1", "MO1", "webhook", 11, false), 11).isEmpty(), "the last try in progress");
        assertEquals(Invariant.EVENT_NOT_FAILED,
                BooksRules.delivery(new Delivery("E1", "MO1", "webhook", 11, true), 11).orElseThrow().invariant());
        assertEquals(Invariant.EVENT_NOT_FAILED,
                BooksRules.delivery(new Delivery("E1", "MO1", "observers", 12, false), 11).orElseThrow().invariant());
        assertTrue(BooksRules.delivery(new Delivery("E1", "MO1", "webhook", 3, true), 11).isEmpty());
    }

    @Test
    void everyInvariantHasALabelOfItsOwn() {
        assertEquals(Invariant.values().length, java.util.Arrays.stream(Invariant.values()).map(Invariant::label).distinct().count());
    }
}
