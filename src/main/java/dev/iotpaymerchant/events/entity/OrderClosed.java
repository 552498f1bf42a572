package dev.iotpaymerchant.events.entity;

import dev.iotpaymerchant.iotpay.control.PayChannel;

/** The order was closed unpaid (expired after asking IOTPay, or cancelled there). */
public record OrderClosed(String eventId, String mchOrderNo, PayChannel channel, long amount, String currency,
                          String reason) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.ORDER_CLOSED;
    }
}
