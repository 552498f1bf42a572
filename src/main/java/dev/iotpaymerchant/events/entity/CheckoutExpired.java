package dev.iotpaymerchant.events.entity;

import java.util.Map;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** The checkout expired unpaid; its open attempts are closed after asking IOTPay. */
public record CheckoutExpired(String eventId, MchOrderNo mchOrderNo, String checkoutId, String reference, long amount,
                    String currency, Map<String, String> metadata) implements CheckoutEvent {

    public CheckoutExpired {
        metadata = Map.copyOf(metadata);
    }

    @Override
    public EventType type() {
        return EventType.CHECKOUT_EXPIRED;
    }
}
