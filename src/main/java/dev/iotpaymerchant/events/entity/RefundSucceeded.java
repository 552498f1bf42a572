package dev.iotpaymerchant.events.entity;

import java.time.OffsetDateTime;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** Money went back to the payer: {@code amount} of the order's payment. Never a second payment.succeeded. */
public record RefundSucceeded(String eventId, MchOrderNo mchOrderNo, String refundNo, long amount, String currency,
                              String refundOrderId, OffsetDateTime succeededAt) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.REFUND_SUCCEEDED;
    }
}
