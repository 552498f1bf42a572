package dev.iotpaymerchant.orders.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

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
        order.closed("expired", NOW);
        assertEquals(OrderStatus.CLOSED, order.getStatus());
        assertEquals(PaymentApplied.PAID_AFTER_CLOSE, order.paid("P1", "wx", NOW, NOW));
        assertEquals(OrderStatus.PAID_AFTER_CLOSE, order.getStatus());
        assertEquals(PaymentApplied.ALREADY_PAID, order.paid("P1", "wx", NOW, NOW));
    }

    @Test
    void aFailedOrderThatIsPaidAnywayIsPaidAfterClose() {
        PaymentOrder order = order();
        order.failed("0111 third party exception", NOW);
        assertEquals(OrderStatus.FAILED, order.getStatus());
        assertEquals(PaymentApplied.PAID_AFTER_CLOSE, order.paid("P1", null, NOW, NOW));
    }

    @Test
    void paidNeverRegresses() {
        PaymentOrder order = order();
        order.paid("P1", null, NOW, NOW);
        order.closed("late expiry", NOW);
        order.failed("late failure", NOW);
        order.accepted("P2", NOW);
        assertEquals(OrderStatus.PAID, order.getStatus());
        assertEquals("P1", order.getPayOrderId(), "the first IOTPay id stays");
    }

    @Test
    void onlyAnUnknownOrderCanFail() {
        PaymentOrder order = order();
        order.accepted("P1", NOW);
        order.failed("too late", NOW);
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
    void terminalStatusesHaveNoWayOut() {
        for (OrderStatus status : OrderStatus.values()) {
            assertEquals(status.isTerminal(), status.next().isEmpty(), status.name());
        }
    }
}
