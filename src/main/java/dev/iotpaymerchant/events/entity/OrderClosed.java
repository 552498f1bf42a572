package dev.iotpaymerchant.events.entity;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** The order was closed unpaid (expired after asking IOTPay, or cancelled there). */
public record OrderClosed(String eventId, MchOrderNo mchOrderNo, Channel channel, long amount, String currency,
                          String reason) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.ORDER_CLOSED;
    }
}
