package dev.iotpaymerchant.refunds.entity;

/**
 * Where a refund stands. UNKNOWN and PROCESSING are settled by asking IOTPay. SUCCEEDED is final;
 * FAILED is final unless IOTPay reports a success later (see {@link Refund}).
 */
public enum RefundStatus {
    /** Stored and sent (or about to be), with no usable answer yet. */
    UNKNOWN,
    /** IOTPay took it and is still carrying it out. */
    PROCESSING,
    /** The money went back to the payer. */
    SUCCEEDED,
    /** IOTPay refused or failed it, or never knew it during the settle watch: nothing went back. */
    FAILED;

    public boolean isSettled() {
        return this == SUCCEEDED || this == FAILED;
    }
}
