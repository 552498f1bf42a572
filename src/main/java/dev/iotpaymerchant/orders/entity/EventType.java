package dev.iotpaymerchant.orders.entity;

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
    REFUND_OVER_REFUNDED("refund.over_refunded");

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

    /** True for the events whose data is a refund (and not the order). */
    public boolean isAboutARefund() {
        return this == REFUND_SUCCEEDED || this == REFUND_FAILED || this == REFUND_OVER_REFUNDED;
    }

    /** The event a transition into {@code status} announces, if any (PENDING and UNKNOWN announce nothing). */
    public static Optional<EventType> announcing(OrderStatus status) {
        return switch (status) {
            case PAID -> Optional.of(PAYMENT_SUCCEEDED);
            case PAID_AFTER_CLOSE -> Optional.of(PAYMENT_AFTER_CLOSE);
            case NEEDS_REVIEW -> Optional.of(PAYMENT_NEEDS_REVIEW);
            case CLOSED -> Optional.of(ORDER_CLOSED);
            case FAILED -> Optional.of(ORDER_FAILED);
            case UNKNOWN, PENDING -> Optional.empty();
        };
    }
}
