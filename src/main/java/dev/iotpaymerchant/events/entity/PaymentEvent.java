package dev.iotpaymerchant.events.entity;

import dev.iotpaymerchant.platform.values.MchOrderNo;

/**
 * What the merchant's own code hears about an order, through CDI. Delivered at least once from the
 * durable outbox, after the transition committed: observe the subtype you need with a plain
 * {@code @Observes}, and use {@link #eventId()} to do each piece of work once.
 */
public sealed interface PaymentEvent
        permits PaymentSucceeded, PaymentAfterClose, PaymentNeedsReview, OrderClosed, OrderFailed, RefundSucceeded,
        RefundFailed, RefundOverRefunded, CheckoutEvent {

    /** The same on every redelivery of this event, and the webhook's {@code webhook-id}. */
    String eventId();

    MchOrderNo mchOrderNo();

    EventType type();
}
