package dev.iotpaymerchant.orders.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.values.Money;

/** The order state machine: forward only, paid exactly once, late money never dropped. */
class PaymentOrderTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);

    private static PaymentOrder order() {
        return new PaymentOrder("MOtest", PayChannel.WX_APP, new Money(1999, "CAD"), details("127.0.0.1"), null, NOW);
    }

    private static OrderDetails details(String clientIp) {
        return new OrderDetails("s", "b", null, null, null, clientIp);
    }

    private static ReportedPayment reported(String payOrderId, long amount, String currency) {
        return new ReportedPayment(payOrderId, amount, currency);
    }

    @Test
    void startsUnknownBecauseIotPayHasNotAnsweredYet() {
        assertEquals(OrderStatus.UNKNOWN, order().getStatus());
    }

    @Test
    void refusesNonPositiveAmounts() {
        assertThrows(IllegalArgumentException.class, () ->
                new PaymentOrder("MO0", PayChannel.WX_APP, new Money(0, "CAD"), details("::1"), null, NOW));
    }

    @Test
    void acceptedThenPaidOnce() {
        PaymentOrder order = order();
        order.accepted("P1", null, NOW);
        assertEquals(OrderStatus.PENDING, order.getStatus());
        assertEquals(PaymentApplied.PAID, order.paid("P1", "wx1", NOW.plusMinutes(1), NOW, false));
        assertEquals(OrderStatus.PAID, order.getStatus());
        assertEquals(NOW.plusMinutes(1), order.getPaidAt());
        assertEquals(PaymentApplied.ALREADY_PAID, order.paid("P1", "wx1", NOW.plusMinutes(2), NOW, false));
        assertEquals(NOW.plusMinutes(1), order.getPaidAt(), "a duplicate changes nothing");
    }

    @Test
    void aPaymentCanSettleAnOrderWhoseCreationWasUnknown() {
        PaymentOrder order = order();
        assertEquals(PaymentApplied.PAID, order.paid("P1", null, null, NOW, false));
        assertEquals("P1", order.getPayOrderId());
        assertNotNull(order.getPaidAt());
    }

    @Test
    void paymentAfterCloseIsKeptNotDropped() {
        PaymentOrder order = order();
        order.accepted("P1", null, NOW);
        order.closed("expired", NOW, NOW.plusHours(48));
        assertEquals(OrderStatus.CLOSED, order.getStatus());
        assertEquals(PaymentApplied.PAID_AFTER_CLOSE, order.paid("P1", "wx", NOW, NOW, false));
        assertEquals(OrderStatus.PAID_AFTER_CLOSE, order.getStatus());
        assertEquals(PaymentApplied.ALREADY_PAID, order.paid("P1", "wx", NOW, NOW, false));
    }

    @Test
    void aFailedOrderThatIsPaidAnywayIsPaidAfterClose() {
        PaymentOrder order = order();
        order.failed("0111 third party exception", NOW, null);
        assertEquals(OrderStatus.FAILED, order.getStatus());
        assertEquals(PaymentApplied.PAID_AFTER_CLOSE, order.paid("P1", null, NOW, NOW, false));
    }

    @Test
    void aClosedAttemptWhoseCheckoutStillWantsTheMoneyIsPaidAndAnnouncedAsAPaymentNotALateOne() {
        PaymentOrder order = order();
        order.pays("COtest");
        order.accepted("P1", null, NOW);
        order.closed("IOTPay reports the order cancelled or expired", NOW, null);
        order.takeAnnouncements();
        assertEquals(PaymentApplied.PAID, order.paid("P1", "wx", NOW.plusMinutes(3), NOW.plusMinutes(3), true));
        assertEquals(OrderStatus.PAID, order.getStatus(), "it paid its checkout: nothing to refund or fulfil by hand");
        assertEquals(List.of(EventType.PAYMENT_SUCCEEDED), order.takeAnnouncements());
        assertNull(order.getSchedule().nextCheckAt(), "settled: no longer watched");
        assertEquals(1999, order.refunds().refundable());
        assertEquals(PaymentApplied.ALREADY_PAID, order.paid("P1", "wx", NOW, NOW, true));
    }

    @Test
    void aFailedAttemptWhoseCheckoutStillWantsTheMoneyIsPaid() {
        PaymentOrder order = order();
        order.failed("IOTPay has no such order (0112)", NOW, NOW.plusHours(48));
        assertEquals(PaymentApplied.PAID, order.paid("P1", null, NOW, NOW, true));
        assertEquals(OrderStatus.PAID, order.getStatus());
    }

    @Test
    void onlyAClosedOrFailedOrderCanBePaidEitherWay() {
        for (OrderStatus status : OrderStatus.values()) {
            boolean closed = status == OrderStatus.CLOSED || status == OrderStatus.FAILED;
            assertEquals(closed ? OrderStatus.PAID_AFTER_CLOSE : OrderStatus.PAID, status.whenPaid(false), status.name());
            assertEquals(OrderStatus.PAID, status.whenPaid(true), status.name());
            assertEquals(closed, status.canMoveTo(OrderStatus.PAID) && status.canMoveTo(OrderStatus.PAID_AFTER_CLOSE),
                    status.name());
        }
    }

    @Test
    void paidNeverRegresses() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW, false);
        order.closed("late expiry", NOW, null);
        order.failed("late failure", NOW, null);
        order.paymentNeedsReview(reported("P9", 1, "CAD"), "late mismatch", NOW);
        order.accepted("P2", null, NOW);
        assertEquals(OrderStatus.PAID, order.getStatus());
        assertEquals("P1", order.getPayOrderId(), "the first IOTPay id stays");
    }

    @Test
    void onlyAnUnknownOrderCanFail() {
        PaymentOrder order = order();
        order.accepted("P1", null, NOW);
        order.failed("too late", NOW, null);
        assertEquals(OrderStatus.PENDING, order.getStatus());
    }

    @Test
    void matchesPaymentsByAmountAndCurrency() {
        PaymentOrder order = order();
        assertEquals(PaymentMatch.MATCHES, order.match(reported("P1", 1999, "CAD")));
        assertEquals(PaymentMatch.OTHER_AMOUNT, order.match(reported("P1", 1998, "CAD")));
        assertEquals(PaymentMatch.OTHER_AMOUNT, order.match(reported("P1", 1999, "USD")));
        assertEquals(PaymentMatch.OTHER_AMOUNT, order.match(reported("P1", 1999, null)), "no currency is no match");
    }

    @Test
    void settledStatusesHaveNoWayOut() {
        for (OrderStatus status : OrderStatus.values()) {
            assertEquals(status.isSettled(), status.next().isEmpty(), status.name());
        }
    }

    @Test
    void everyTransitionThatMattersIsAnnouncedOnceInOrder() {
        PaymentOrder order = order();
        order.accepted("P1", null, NOW);
        assertEquals(List.of(), order.takeAnnouncements(), "PENDING announces nothing");
        order.closed("expired", NOW, NOW.plusHours(48));
        order.paid("P1", null, NOW, NOW, false);
        assertEquals(List.of(EventType.ORDER_CLOSED, EventType.PAYMENT_AFTER_CLOSE), order.takeAnnouncements());
        assertEquals(List.of(), order.takeAnnouncements(), "each is handed out once");
        order.paid("P1", null, NOW, NOW, false);
        assertEquals(List.of(), order.takeAnnouncements(), "a duplicate announces nothing");
    }

    @Test
    void aClosedOrderIsWatchedForALatePaymentUntilTheWatchEnds() {
        PaymentOrder order = order();
        order.accepted("P1", null, NOW);
        order.closed("expired", NOW, NOW.plusHours(48));
        assertTrue(order.getSchedule().isWatching());
        assertNotNull(order.getSchedule().nextCheckAt(), "still due for the sweep");
        assertFalse(order.getSchedule().watchIsOverAt(NOW.plusHours(47)));
        assertTrue(order.getSchedule().watchIsOverAt(NOW.plusHours(48)));
        order.getSchedule().end();
        assertNull(order.getSchedule().nextCheckAt());
        assertFalse(order.getSchedule().isWatching());
    }

    @Test
    void anOrderClosedAtIotPayIsNotWatched() {
        PaymentOrder order = order();
        order.closed("cancelled at IOTPay", NOW, null);
        assertNull(order.getSchedule().nextCheckAt());
    }

    @Test
    void aPaidOrderIsNeverDueAgain() {
        PaymentOrder order = order();
        order.closed("expired", NOW, NOW.plusHours(48));
        order.paid("P1", null, NOW, NOW, false);
        assertNull(order.getSchedule().nextCheckAt());
        assertNull(order.getSchedule().watchUntil());
    }

    @Test
    void aMismatchingPaymentKeepsWhatIotPayReportedAndWaitsForAPerson() {
        PaymentOrder order = order();
        order.accepted("P1", null, NOW);
        assertTrue(order.paymentNeedsReview(reported("P1", 1, "CAD"), "paid 1 CAD", NOW));
        assertEquals(OrderStatus.NEEDS_REVIEW, order.getStatus());
        assertEquals(1L, order.getReported().orElseThrow().amount());
        assertEquals("CAD", order.getReported().orElseThrow().currency());
        assertEquals("P1", order.getReported().orElseThrow().payOrderId());
        assertEquals(1999, order.getAmount(), "the order's own amount stays");
        assertEquals(List.of(EventType.PAYMENT_NEEDS_REVIEW), order.takeAnnouncements());
        assertNull(order.getSchedule().nextCheckAt());
        assertFalse(order.paymentNeedsReview(reported("P1", 2, "CAD"), "again", NOW), "once");
        assertEquals(PaymentApplied.UNDER_REVIEW, order.paid("P1", null, NOW, NOW, false), "a matching payment does not override a person");
        assertEquals(OrderStatus.NEEDS_REVIEW, order.getStatus());
    }

    @Test
    void aPaidOrderNeverMovesToReview() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW, false);
        assertFalse(order.paymentNeedsReview(reported("P2", 1999, "CAD"), "second payment", NOW));
        assertEquals(OrderStatus.PAID, order.getStatus());
    }

    @Test
    void aDifferentPayOrderIdContradictsTheOneIotPayGaveBefore() {
        PaymentOrder order = order();
        assertEquals(PaymentMatch.MATCHES, order.match(reported("P2", 1999, "CAD")), "none known yet");
        order.accepted("P1", null, NOW);
        assertEquals(PaymentMatch.MATCHES, order.match(reported("P1", 1999, "CAD")));
        assertEquals(PaymentMatch.MATCHES, order.match(reported(null, 1999, "CAD")));
        assertEquals(PaymentMatch.OTHER_PAY_ORDER_ID, order.match(reported("P2", 1999, "CAD")));
        assertEquals(PaymentMatch.OTHER_AMOUNT, order.match(reported("P2", 1, "CAD")), "the amount is looked at first");
    }

    @Test
    void aReportedPaymentIsStoredCutToItsColumns() {
        PaymentOrder order = order();
        order.accepted("P1", null, NOW);
        order.paymentNeedsReview(new ReportedPayment("P".repeat(70), 1, "CAD\nforged".repeat(3)), "mismatch", NOW);
        ReportedPayment stored = order.getReported().orElseThrow();
        assertEquals("P".repeat(64), stored.payOrderId());
        assertEquals("CAD?forgedCAD?fo", stored.currency());
    }

    @Test
    void onlyAPaidOrderReservesRefundsAndNeverMoreThanWasPaid() {
        PaymentOrder order = order();
        assertEquals(RefundReservation.NOT_REFUNDABLE, order.refunds().reserve(100));
        order.paid("P1", null, NOW, NOW, false);
        assertEquals(RefundReservation.RESERVED, order.refunds().reserve(1500));
        assertEquals(RefundReservation.EXCEEDS, order.refunds().reserve(500));
        assertEquals(RefundReservation.RESERVED, order.refunds().reserve(499));
        assertEquals(0, order.refunds().refundable());
        order.refunds().failed(499);
        assertEquals(499, order.refunds().refundable(), "a failed refund frees its amount");
        order.refunds().succeeded(1500);
        assertEquals(1500, order.refunds().refunded());
        assertEquals(RefundReservation.EXCEEDS, order.refunds().reserve(0));
    }

    @Test
    void onlyAPaidOrderHasAnythingToRefundAndAnOpenRefundHoldsItsAmount() {
        PaymentOrder order = order();
        assertEquals(0, order.refunds().refundable(), "UNKNOWN");
        order.accepted("P1", null, NOW);
        assertEquals(0, order.refunds().refundable(), "PENDING");
        order.paid("P1", null, NOW, NOW, false);
        assertEquals(1999, order.refunds().refundable());
        order.refunds().reserve(500); // UNKNOWN at IOTPay: nothing refunded yet, but not refundable again
        assertEquals(0, order.refunds().refunded());
        assertEquals(1499, order.refunds().refundable());
        order.refunds().succeeded(500);
        assertEquals(1499, order.refunds().refundable());

        PaymentOrder closed = order();
        closed.accepted("P2", null, NOW);
        closed.closed("expired", NOW, NOW.plusHours(48));
        assertEquals(0, closed.refunds().refundable(), "CLOSED");
        closed.paid("P2", "wx", NOW, NOW, false);
        assertEquals(OrderStatus.PAID_AFTER_CLOSE, closed.getStatus());
        assertEquals(1999, closed.refunds().refundable());
    }

    @Test
    void aRefundThatSucceedsAfterItFailedIsCountedAgainEvenBeyondThePayment() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW, false);
        assertEquals(RefundReservation.RESERVED, order.refunds().reserve(1999));
        order.refunds().failed(1999); // no answer from IOTPay for the whole settle watch
        assertEquals(RefundReservation.RESERVED, order.refunds().reserve(1999), "an operator refunds again");
        order.refunds().succeeded(1999);
        assertEquals(0, order.refunds().overRefunded());
        assertFalse(order.refunds().awaitReview());

        order.refunds().lateSucceeded(1999); // IOTPay did make the first one after all
        assertEquals(3998, order.refunds().refunded());
        assertEquals(3998, order.refunds().totals().reserved(), "held again: the money is gone");
        assertEquals(1999, order.refunds().totals().lateRefunded());
        assertEquals(1999, order.refunds().overRefunded());
        assertEquals(0, order.refunds().refundable(), "never negative");
        assertEquals(RefundReservation.EXCEEDS, order.refunds().reserve(1), "nothing more can be refunded");
        assertTrue(order.refunds().awaitReview());
    }

    @Test
    void aLateSuccessWithinThePaymentIsNoOverRefund() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW, false);
        order.refunds().reserve(500);
        order.refunds().failed(500);
        order.refunds().lateSucceeded(500);
        assertEquals(500, order.refunds().refunded());
        assertEquals(1499, order.refunds().refundable());
        assertEquals(0, order.refunds().overRefunded());
        assertFalse(order.refunds().awaitReview());
        assertFalse(order.refunds().resolve(), "nothing to resolve");
    }

    @Test
    void anOverRefundLeavesTheReviewQueueWhenResolvedAndComesBackWhenItGrows() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW, false);
        order.refunds().reserve(1000);
        order.refunds().failed(1000);
        order.refunds().reserve(1999);
        order.refunds().succeeded(1999);
        order.refunds().lateSucceeded(1000);
        assertTrue(order.refunds().resolve());
        assertFalse(order.refunds().awaitReview());
        assertFalse(order.refunds().resolve(), "once");
        order.refunds().lateSucceeded(1); // another refund given up on, and made after all
        assertEquals(1001, order.refunds().overRefunded());
        assertTrue(order.refunds().awaitReview(), "more money went back: a person looks again");
    }
}
