package dev.iotpaymerchant.events.entity;

import java.util.Map;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** The checkout was paid, by the attempt {@link #mchOrderNo()}: fulfil {@link #reference()} (once per {@link #eventId()}). */
public record CheckoutPaid(String eventId, MchOrderNo mchOrderNo, String checkoutId, String reference, long amount,
                    String currency, Map<String, String> metadata) implements CheckoutEvent {

    public CheckoutPaid {
        metadata = Map.copyOf(metadata);
    }

    @Override
    public EventType type() {
        return EventType.CHECKOUT_PAID;
    }
}
