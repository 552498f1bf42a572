package dev.iotpaymerchant.events.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of event the outbox carries, named as webhooks spell them; the stored name is the
 * contract, the enum constant is not.
 */
public enum EventType {
    PAYMENT_SUCCEEDED("payment.succeeded"),
    PAYMENT_AFTER_CLOSE("payment.after_close"),
    PAYMENT_NEEDS_REVIEW("payment.needs_review"),
    ORDER_CLOSED("order.closed"),
    ORDER_FAILED("order.failed"),
    REFUND_SUCCEEDED("refund.succeeded"),
    REFUND_FAILED("refund.failed"),
    REFUND_OVER_REFUNDED("refund.over_refunded"),
    CHECKOUT_PAID("checkout.paid"),
    CHECKOUT_EXPIRED("checkout.expired"),
    CHECKOUT_CANCELLED("checkout.cancelled"),
    CHECKOUT_OVERPAID("checkout.overpaid");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> ofWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }

    /** True for the events whose data is a checkout (and not an order). */
    public boolean isAboutACheckout() {
        return this == CHECKOUT_PAID || this == CHECKOUT_EXPIRED || this == CHECKOUT_CANCELLED || this == CHECKOUT_OVERPAID;
    }

    /** True for the events whose data is a refund (and not the order). */
    public boolean isAboutARefund() {
        return this == REFUND_SUCCEEDED || this == REFUND_FAILED || this == REFUND_OVER_REFUNDED;
    }
}
