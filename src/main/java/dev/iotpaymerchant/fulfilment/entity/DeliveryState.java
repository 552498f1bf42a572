package dev.iotpaymerchant.fulfilment.entity;

/** Where one event stands with one destination. */
public enum DeliveryState {
    /** Not delivered yet; due at the destination's next time. */
    PENDING,
    /** The destination took it (observers returned normally; the webhook answered 2xx). */
    DELIVERED,
    /** Every try in the retry schedule failed: logged, and left for an operator. */
    FAILED,
    /** No webhook URL was configured when the event came due. */
    SKIPPED
}
