package dev.iotpaymerchant.orders.entity;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order stands. Moves only forward; PAID and PAID_AFTER_CLOSE never change again.
 */
public enum OrderStatus {
    /** We asked IOTPay to create it and do not know the answer yet (or never got one). */
    UNKNOWN,
    /** IOTPay holds the order; the payer has not paid yet. */
    PENDING,
    /** Paid: fulfil it. */
    PAID,
    /** IOTPay refused to create it; it can never be paid. */
    FAILED,
    /** Expired or cancelled at IOTPay before payment. */
    CLOSED,
    /** A verified payment arrived after we gave up on the order: someone must refund or fulfil it. */
    PAID_AFTER_CLOSE;

    public boolean isPaid() {
        return this == PAID || this == PAID_AFTER_CLOSE;
    }

    public boolean isTerminal() {
        return isPaid();
    }

    public Set<OrderStatus> next() {
        return switch (this) {
            case UNKNOWN -> EnumSet.of(PENDING, PAID, FAILED, CLOSED);
            case PENDING -> EnumSet.of(PAID, CLOSED);
            case FAILED, CLOSED -> EnumSet.of(PAID_AFTER_CLOSE);
            case PAID, PAID_AFTER_CLOSE -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }
}
