package dev.iotpaymerchant.orders.entity;

/** What a verified, matching payment did to an order. */
public enum PaymentApplied {
    /** The order became PAID now. */
    PAID,
    /** The order had been closed or failed and became PAID_AFTER_CLOSE now. */
    PAID_AFTER_CLOSE,
    /** The order was already paid; nothing changed. */
    ALREADY_PAID,
    /** The order waits for a person after a mismatching report; nothing changed. */
    UNDER_REVIEW
}
