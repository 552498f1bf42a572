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

/** The order state machine: forward only, paid exactly once, late money never dropped. */
class PaymentOrderTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);

    private static PaymentOrder order() {
        return new PaymentOrder("MOtest", PayChannel.WX_APP, 1999, "CAD", "s", "b", null, null, null, "127.0.0.1", NOW);
    }

    @Test
    void startsUnknownBecauseIotPayHasNotAnsweredYet() {
        assertEquals(OrderStatus.UNKNOWN, order().getStatus());
    }

    @Test
    void refusesNonPositiveAmounts() {
        assertThrows(IllegalArgumentException.class, () ->
                new PaymentOrder("MO0", PayChannel.WX_APP, 0, "CAD", "s", "b", null, null, null, "::1", NOW));
    }

    @Test
    void acceptedThenPaidOnce() {
        PaymentOrder order = order();
        order.accepted("P1", NOW);
        assertEquals(OrderStatus.PENDING, order.getStatus());
        assertEquals(PaymentApplied.PAID, order.paid("P1", "wx1", NOW.plusMinutes(1), NOW));
        assertEquals(OrderStatus.PAID, order.getStatus());
        assertEquals(NOW.plusMinutes(1), order.getPaidAt());
        assertEquals(PaymentApplied.ALREADY_PAID, order.paid("P1", "wx1", NOW.plusMinutes(2), NOW));
        assertEquals(NOW.plusMinutes(1), order.getPaidAt(), "a duplicate changes nothing");
    }

    @Test
    void aPaymentCanSettleAnOrderWhoseCreationWasUnknown() {
        PaymentOrder order = order();
        assertEquals(PaymentApplied.PAID, order.paid("P1", null, null, NOW));
        assertEquals("P1", order.getPayOrderId());
        assertNotNull(order.getPaidAt());
    }

    @Test
    void paymentAfterCloseIsKeptNotDropped() {
        PaymentOrder order = order();
        order.accepted("P1", NOW);
        order.closed("expired", NOW, NOW.plusHours(48));
        assertEquals(OrderStatus.CLOSED, order.getStatus());
        assertEquals(PaymentApplied.PAID_AFTER_CLOSE, order.paid("P1", "wx", NOW, NOW));
        assertEquals(OrderStatus.PAID_AFTER_CLOSE, order.getStatus());
        assertEquals(PaymentApplied.ALREADY_PAID, order.paid("P1", "wx", NOW, NOW));
    }

    @Test
    void aFailedOrderThatIsPaidAnywayIsPaidAfterClose() {
        PaymentOrder order = order();
        order.failed("0111 third party exception", NOW, null);
        assertEquals(OrderStatus.FAILED, order.getStatus());
        assertEquals(PaymentApplied.PAID_AFTER_CLOSE, order.paid("P1", null, NOW, NOW));
    }

    @Test
    void paidNeverRegresses() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW);
        order.closed("late expiry", NOW, null);
        order.failed("late failure", NOW, null);
        order.paymentNeedsReview("P9", 1, "CAD", "late mismatch", NOW);
        order.accepted("P2", NOW);
        assertEquals(OrderStatus.PAID, order.getStatus());
        assertEquals("P1", order.getPayOrderId(), "the first IOTPay id stays");
    }

    @Test
    void onlyAnUnknownOrderCanFail() {
        PaymentOrder order = order();
        order.accepted("P1", NOW);
        order.failed("too late", NOW, null);
        assertEquals(OrderStatus.PENDING, order.getStatus());
    }

    @Test
    void matchesPaymentsByAmountAndCurrency() {
        PaymentOrder order = order();
        assertTrue(order.isPaymentOf(1999, "CAD"));
        assertFalse(order.isPaymentOf(1998, "CAD"));
        assertFalse(order.isPaymentOf(1999, "USD"));
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
        order.accepted("P1", NOW);
        assertEquals(List.of(), order.takeAnnouncements(), "PENDING announces nothing");
        order.closed("expired", NOW, NOW.plusHours(48));
        order.paid("P1", null, NOW, NOW);
        assertEquals(List.of(EventType.ORDER_CLOSED, EventType.PAYMENT_AFTER_CLOSE), order.takeAnnouncements());
        assertEquals(List.of(), order.takeAnnouncements(), "each is handed out once");
        order.paid("P1", null, NOW, NOW);
        assertEquals(List.of(), order.takeAnnouncements(), "a duplicate announces nothing");
    }

    @Test
    void aClosedOrderIsWatchedForALatePaymentUntilTheWatchEnds() {
        PaymentOrder order = order();
        order.accepted("P1", NOW);
        order.closed("expired", NOW, NOW.plusHours(48));
        assertTrue(order.isWatchedForLatePayment());
        assertNotNull(order.getNextCheckAt(), "still due for the sweep");
        assertFalse(order.watchIsOverAt(NOW.plusHours(47)));
        assertTrue(order.watchIsOverAt(NOW.plusHours(48)));
        order.stopChecking();
        assertNull(order.getNextCheckAt());
        assertFalse(order.isWatchedForLatePayment());
    }

    @Test
    void anOrderClosedAtIotPayIsNotWatched() {
        PaymentOrder order = order();
        order.closed("cancelled at IOTPay", NOW, null);
        assertNull(order.getNextCheckAt());
    }

    @Test
    void aPaidOrderIsNeverDueAgain() {
        PaymentOrder order = order();
        order.closed("expired", NOW, NOW.plusHours(48));
        order.paid("P1", null, NOW, NOW);
        assertNull(order.getNextCheckAt());
        assertNull(order.getWatchUntil());
    }

    @Test
    void aMismatchingPaymentKeepsWhatIotPayReportedAndWaitsForAPerson() {
        PaymentOrder order = order();
        order.accepted("P1", NOW);
        assertTrue(order.paymentNeedsReview("P1", 1, "CAD", "paid 1 CAD", NOW));
        assertEquals(OrderStatus.NEEDS_REVIEW, order.getStatus());
        assertEquals(1L, order.getReportedAmount());
        assertEquals("CAD", order.getReportedCurrency());
        assertEquals(1999, order.getAmount(), "the order's own amount stays");
        assertEquals(List.of(EventType.PAYMENT_NEEDS_REVIEW), order.takeAnnouncements());
        assertNull(order.getNextCheckAt());
        assertFalse(order.paymentNeedsReview("P1", 2, "CAD", "again", NOW), "once");
        assertEquals(PaymentApplied.UNDER_REVIEW, order.paid("P1", null, NOW, NOW), "a matching payment does not override a person");
        assertEquals(OrderStatus.NEEDS_REVIEW, order.getStatus());
    }

    @Test
    void aPaidOrderNeverMovesToReview() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW);
        assertFalse(order.paymentNeedsReview("P2", 1999, "CAD", "second payment", NOW));
        assertEquals(OrderStatus.PAID, order.getStatus());
    }

    @Test
    void aDifferentPayOrderIdContradictsTheOneIotPayGaveBefore() {
        PaymentOrder order = order();
        assertFalse(order.hasOtherPayOrderIdThan("P2"), "none known yet");
        order.accepted("P1", NOW);
        assertFalse(order.hasOtherPayOrderIdThan("P1"));
        assertFalse(order.hasOtherPayOrderIdThan(null));
        assertTrue(order.hasOtherPayOrderIdThan("P2"));
    }

    @Test
    void onlyAPaidOrderReservesRefundsAndNeverMoreThanWasPaid() {
        PaymentOrder order = order();
        assertEquals(RefundReservation.NOT_REFUNDABLE, order.reserveRefund(100));
        order.paid("P1", null, NOW, NOW);
        assertEquals(RefundReservation.RESERVED, order.reserveRefund(1500));
        assertEquals(RefundReservation.EXCEEDS, order.reserveRefund(500));
        assertEquals(RefundReservation.RESERVED, order.reserveRefund(499));
        assertEquals(0, order.refundable());
        order.refundFailed(499);
        assertEquals(499, order.refundable(), "a failed refund frees its amount");
        order.refundSucceeded(1500);
        assertEquals(1500, order.getRefundedAmount());
        assertEquals(RefundReservation.EXCEEDS, order.reserveRefund(0));
    }

    @Test
    void onlyAPaidOrderHasAnythingToRefundAndAnOpenRefundHoldsItsAmount() {
        PaymentOrder order = order();
        assertEquals(0, order.refundable(), "UNKNOWN");
        order.accepted("P1", NOW);
        assertEquals(0, order.refundable(), "PENDING");
        order.paid("P1", null, NOW, NOW);
        assertEquals(1999, order.refundable());
        order.reserveRefund(500); // UNKNOWN at IOTPay: nothing refunded yet, but not refundable again
        assertEquals(0, order.getRefundedAmount());
        assertEquals(1499, order.refundable());
        order.refundSucceeded(500);
        assertEquals(1499, order.refundable());

        PaymentOrder closed = order();
        closed.accepted("P2", NOW);
        closed.closed("expired", NOW, NOW.plusHours(48));
        assertEquals(0, closed.refundable(), "CLOSED");
        closed.paid("P2", "wx", NOW, NOW);
        assertEquals(OrderStatus.PAID_AFTER_CLOSE, closed.getStatus());
        assertEquals(1999, closed.refundable());
    }

    @Test
    void aRefundThatSucceedsAfterItFailedIsCountedAgainEvenBeyondThePayment() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW);
        assertEquals(RefundReservation.RESERVED, order.reserveRefund(1999));
        order.refundFailed(1999); // no answer from IOTPay for the whole settle watch
        assertEquals(RefundReservation.RESERVED, order.reserveRefund(1999), "an operator refunds again");
        order.refundSucceeded(1999);
        assertEquals(0, order.overRefunded());
        assertFalse(order.awaitsOverRefundReview());

        order.lateRefundSucceeded(1999); // IOTPay did make the first one after all
        assertEquals(3998, order.getRefundedAmount());
        assertEquals(3998, order.getRefundReserved(), "held again: the money is gone");
        assertEquals(1999, order.getLateRefundedAmount());
        assertEquals(1999, order.overRefunded());
        assertEquals(0, order.refundable(), "never negative");
        assertEquals(RefundReservation.EXCEEDS, order.reserveRefund(1), "nothing more can be refunded");
        assertTrue(order.awaitsOverRefundReview());
    }

    @Test
    void aLateSuccessWithinThePaymentIsNoOverRefund() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW);
        order.reserveRefund(500);
        order.refundFailed(500);
        order.lateRefundSucceeded(500);
        assertEquals(500, order.getRefundedAmount());
        assertEquals(1499, order.refundable());
        assertEquals(0, order.overRefunded());
        assertFalse(order.awaitsOverRefundReview());
        assertFalse(order.resolveOverRefund(), "nothing to resolve");
    }

    @Test
    void anOverRefundLeavesTheReviewQueueWhenResolvedAndComesBackWhenItGrows() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW);
        order.reserveRefund(1000);
        order.refundFailed(1000);
        order.reserveRefund(1999);
        order.refundSucceeded(1999);
        order.lateRefundSucceeded(1000);
        assertTrue(order.resolveOverRefund());
        assertFalse(order.awaitsOverRefundReview());
        assertFalse(order.resolveOverRefund(), "once");
        order.lateRefundSucceeded(1); // another refund given up on, and made after all
        assertEquals(1001, order.overRefunded());
        assertTrue(order.awaitsOverRefundReview(), "more money went back: a person looks again");
    }
}
