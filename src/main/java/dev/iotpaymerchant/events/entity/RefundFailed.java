package dev.iotpaymerchant.events.entity;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** IOTPay refused or failed the refund: nothing went back, and the amount may be refunded again. */
public record RefundFailed(String eventId, MchOrderNo mchOrderNo, String refundNo, long amount, String currency,
                           String reason) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.REFUND_FAILED;
    }
}
