package dev.iotpaymerchant.audit.control;

/**
 * What the self-audit checks, each named as the metric's {@code invariant} label and the API's
 * finding spell it. docs/operations.md says what each means and which operator action answers it.
 */
public enum Invariant {
    /** A paid, paid-after-close or needs-review order has exactly one event announcing it; other orders none. */
    PAYMENT_EVENT("payment-event"),
    /** An OPEN checkout has no paid attempt. */
    CHECKOUT_OPEN_PAID("checkout-open-paid"),
    /** A paid checkout has its paying attempt paid, plus exactly its recorded extras; a closed one only its extras. */
    CHECKOUT_ATTEMPTS("checkout-attempts"),
    /** An order's reserved and refunded totals are the sums of its refunds by status. */
    REFUND_TOTALS("refund-totals"),
    /** An order's refunds never exceed what was paid, unless an operator has dealt with it. */
    REFUND_OVER_PAYMENT("refund-over-payment"),
    /** An UNKNOWN or PENDING order, or a CLOSED or FAILED one under watch, has a check scheduled and not long past. */
    ORDER_OVERDUE("order-overdue"),
    /** An UNKNOWN or PROCESSING refund has a check scheduled and not long past. */
    REFUND_OVERDUE("refund-overdue"),
    /** A delivery that has used its last try is FAILED, not still pending. */
    EVENT_NOT_FAILED("event-not-failed"),
    /** An idempotency key names an order or refund that exists. */
    KEY_DANGLING("key-dangling");

    private final String label;

    Invariant(String label) {
        this.label = label;
    }

    /** The name the metric, the API and the documentation use. */
    public String label() {
        return label;
    }
}
