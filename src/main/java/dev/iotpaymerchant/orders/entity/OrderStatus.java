package dev.iotpaymerchant.orders.entity;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import dev.iotpaymerchant.events.entity.EventType;

/**
 * Where an order stands. Moves only forward; PAID, PAID_AFTER_CLOSE and NEEDS_REVIEW never change
 * again by themselves.
 */
public enum OrderStatus {
    /** We asked IOTPay to create it and do not know the answer yet (or never got one). */
    UNKNOWN,
    /** IOTPay holds the order; the payer has not paid yet. */
    PENDING,
    /** Paid: fulfil it. */
    PAID,
    /** IOTPay refused to create it, or says it has no such order. */
    FAILED,
    /** Expired or cancelled before payment. Watched for a late payment for a while. */
    CLOSED,
    /**
     * A verified payment arrived after we gave up on the order, and nothing wanted it any more:
     * someone must refund or fulfil it. (An attempt whose checkout is still OPEN pays it: PAID.)
     */
    PAID_AFTER_CLOSE,
    /** IOTPay reported a payment that does not match the order (amount, currency or payOrderId): a person decides. */
    NEEDS_REVIEW;

    public boolean isPaid() {
        return this == PAID || this == PAID_AFTER_CLOSE;
    }

    /** Settled for good: nothing IOTPay says changes it any more. */
    public boolean isSettled() {
        return isPaid() || this == NEEDS_REVIEW;
    }

    public Set<OrderStatus> next() {
        return switch (this) {
            case UNKNOWN -> EnumSet.of(PENDING, PAID, FAILED, CLOSED, NEEDS_REVIEW);
            case PENDING -> EnumSet.of(PAID, CLOSED, NEEDS_REVIEW);
            case FAILED, CLOSED -> EnumSet.of(PAID, PAID_AFTER_CLOSE, NEEDS_REVIEW);
            case PAID, PAID_AFTER_CLOSE, NEEDS_REVIEW -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    /**
     * Where a matching payment takes an order that is not paid yet: PAID, unless we had closed or
     * failed it and nothing wants its money any more ({@code stillWanted} false).
     */
    public OrderStatus whenPaid(boolean stillWanted) {
        return (this == FAILED || this == CLOSED) && !stillWanted ? PAID_AFTER_CLOSE : PAID;
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

    /** The event a transition into this status announces, if any (PENDING and UNKNOWN announce nothing). */
    public Optional<EventType> announcement() {
        return switch (this) {
            case PAID -> Optional.of(EventType.PAYMENT_SUCCEEDED);
            case PAID_AFTER_CLOSE -> Optional.of(EventType.PAYMENT_AFTER_CLOSE);
            case NEEDS_REVIEW -> Optional.of(EventType.PAYMENT_NEEDS_REVIEW);
            case CLOSED -> Optional.of(EventType.ORDER_CLOSED);
            case FAILED -> Optional.of(EventType.ORDER_FAILED);
            case UNKNOWN, PENDING -> Optional.empty();
        };
    }
}
