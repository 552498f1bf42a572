package dev.iotpaymerchant.orders.entity;

/** Whether an order could set an amount aside for a new refund. */
public enum RefundReservation {
    RESERVED,
    /** Only PAID and PAID_AFTER_CLOSE orders can be refunded. */
    NOT_REFUNDABLE,
    /** It would take the order's refunds beyond what was paid. */
    EXCEEDS
}
