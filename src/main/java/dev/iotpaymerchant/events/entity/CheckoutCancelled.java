package dev.iotpaymerchant.events.entity;

import java.util.Map;

/** The merchant cancelled the checkout; its open attempts are closed after asking IOTPay. */
public record CheckoutCancelled(String eventId, String mchOrderNo, String checkoutId, String reference, long amount,
                    String currency, Map<String, String> metadata) implements CheckoutEvent {

    public CheckoutCancelled {
        metadata = Map.copyOf(metadata);
    }

    @Override
    public EventType type() {
        return EventType.CHECKOUT_CANCELLED;
    }
}
