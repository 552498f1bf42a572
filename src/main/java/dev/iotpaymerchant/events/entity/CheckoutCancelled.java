package dev.iotpaymerchant.events.entity;

import java.util.Map;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** The merchant cancelled the checkout; its open attempts are closed after asking IOTPay. */
public record CheckoutCancelled(String eventId, MchOrderNo mchOrderNo, String checkoutId, String reference, long amount,
                    String currency, Map<String, String> metadata) implements CheckoutEvent {

    public CheckoutCancelled {
        metadata = Map.copyOf(metadata);
    }

    @Override
    public EventType type() {
        return EventType.CHECKOUT_CANCELLED;
    }
}
