package dev.iotpaymerchant.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What an order's refunds add up to, in minor units of the order's currency, kept on the order's
 * row so that its lock guards every refund decision. The rules are {@link OrderRefunds}'; it
 * changes its own fields only (the persistence provider tracks changes made inside the class).
 */
@Embeddable
public class RefundTotals {

    /** Held by refunds that have not FAILED; never more than the payment plus {@link #lateRefunded} (a CHECK says so). */
    @Column(name = "refund_reserved", nullable = false)
    private long reserved;

    /** Refunds that SUCCEEDED. */
    @Column(name = "refunded_amount", nullable = false)
    private long refunded;

    /** Refunds that succeeded after they had been FAILED (part of {@link #refunded}). */
    @Column(name = "late_refunded_amount", nullable = false)
    private long lateRefunded;

    /** The refunded amount an operator has marked as dealt with, once refunds went beyond the payment. */
    @Column(name = "over_refund_resolved", nullable = false)
    private long overRefundResolved;

    void reserve(long refund) {
        reserved += refund;
    }

    void release(long refund) {
        reserved -= refund;
    }

    void succeeded(long refund) {
        refunded += refund;
    }

    void lateSucceeded(long refund) {
        reserved += refund;
        lateRefunded += refund;
        refunded += refund;
    }

    void resolvedUpTo(long refundedSoFar) {
        overRefundResolved = refundedSoFar;
    }

    long overRefundResolved() {
        return overRefundResolved;
    }

    public long reserved() {
        return reserved;
    }

    public long refunded() {
        return refunded;
    }

    public long lateRefunded() {
        return lateRefunded;
    }
}
