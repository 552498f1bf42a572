package dev.iotpaymerchant.events.entity;

import dev.iotpaymerchant.iotpay.control.PayChannel;

/** IOTPay refused the order, or says it never had it. */
public record OrderFailed(String eventId, String mchOrderNo, PayChannel channel, long amount, String currency,
                          String reason) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.ORDER_FAILED;
    }
}
