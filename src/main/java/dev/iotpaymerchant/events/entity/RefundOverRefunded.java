package dev.iotpaymerchant.events.entity;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/**
 * The refund {@code refundNo} succeeded and the order is now refunded beyond what was paid: IOTPay
 * reported a success for a refund we had FAILED, after its amount had been refunded again. The
 * order is in the review queue; a person recovers the {@link #overRefunded()} minor units.
 */
public record RefundOverRefunded(String eventId, MchOrderNo mchOrderNo, String refundNo, long amount, String currency,
                                 long orderAmount, long orderRefundedAmount) implements PaymentEvent {

    /** Minor units refunded beyond what was paid. */
    public long overRefunded() {
        return orderRefundedAmount - orderAmount;
    }

    @Override
    public EventType type() {
        return EventType.REFUND_OVER_REFUNDED;
    }
}
