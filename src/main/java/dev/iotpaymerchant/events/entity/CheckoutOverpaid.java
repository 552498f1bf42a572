package dev.iotpaymerchant.events.entity;

import java.util.Map;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/** A further attempt {@link #mchOrderNo()} was paid for a checkout already paid, expired or cancelled: the money is refunded (checkouts.refund-duplicates) or waits in the review queue. */
public record CheckoutOverpaid(String eventId, MchOrderNo mchOrderNo, String checkoutId, String reference, long amount,
                    String currency, Map<String, String> metadata) implements CheckoutEvent {

    public CheckoutOverpaid {
        metadata = Map.copyOf(metadata);
    }

    @Override
    public EventType type() {
        return EventType.CHECKOUT_OVERPAID;
    }
}
