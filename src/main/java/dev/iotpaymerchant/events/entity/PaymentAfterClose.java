package dev.iotpaymerchant.events.entity;

import java.time.OffsetDateTime;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/**
 * Money arrived for an order we had closed or failed, and nothing wanted it any more: a person must
 * refund or fulfil it. (An attempt that paid its still OPEN checkout is a {@link PaymentSucceeded}.)
 */
public record PaymentAfterClose(String eventId, MchOrderNo mchOrderNo, String payOrderId, Channel channel, long amount,
                                String currency, OffsetDateTime paidAt) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.PAYMENT_AFTER_CLOSE;
    }
}
