package dev.iotpaymerchant.events.entity;

import java.time.OffsetDateTime;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** The order became PAID: fulfil the purchase (once per {@link #eventId()}). */
public record PaymentSucceeded(String eventId, MchOrderNo mchOrderNo, String payOrderId, Channel channel, long amount,
                               String currency, OffsetDateTime paidAt) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.PAYMENT_SUCCEEDED;
    }
}
