package dev.iotpaymerchant.events.entity;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** IOTPay refused the order, or says it never had it. */
public record OrderFailed(String eventId, MchOrderNo mchOrderNo, Channel channel, long amount, String currency,
                          String reason) implements PaymentEvent {

    @Override
    public EventType type() {
        return EventType.ORDER_FAILED;
    }
}
