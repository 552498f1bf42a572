package dev.iotpaymerchant.checkouts.entity;

/** Where a checkout stands. Only OPEN moves, and only once. */
public enum CheckoutStatus {
    /** Waiting to be paid: attempts may be made. */
    OPEN,
    /** Its first attempt to be paid paid it: fulfil it. */
    PAID,
    /** Its time ran out unpaid. */
    EXPIRED,
    /** The merchant cancelled it unpaid. */
    CANCELLED
}
