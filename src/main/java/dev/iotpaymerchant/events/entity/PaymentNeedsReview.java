package dev.iotpaymerchant.events.entity;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/**
 * IOTPay reported, with a valid signature, a payment that does not match the order. The order's
 * own amount and currency are kept beside what IOTPay reported; nothing was fulfilled.
 */
public record PaymentNeedsReview(String eventId, MchOrderNo mchOrderNo, Channel channel, long amount, String currency,
                                 String reportedPayOrderId, Long reportedAmount, String reportedCurrency,
                                 String reason) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.PAYMENT_NEEDS_REVIEW;
    }
}
