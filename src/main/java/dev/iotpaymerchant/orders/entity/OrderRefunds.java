package dev.iotpaymerchant.orders.entity;

/**
 * An order's refunds weighed against what it was paid: only a paid order may be refunded, and
 * never more in all than it was paid, though IOTPay may still give back more (a refund we had
 * FAILED that it made after all), which then waits for an operator. Use under the order's row lock.
 */
public final class OrderRefunds {

    private final RefundTotals totals;
    /** Minor units the order was paid; 0 while it is not paid. */
    private final long paid;

    OrderRefunds(RefundTotals totals, long paid) {
        this.totals = totals;
        this.paid = paid;
    }

    /** Sets aside {@code refund} for a new refund, if the order may be refunded that much. */
    public RefundReservation reserve(long refund) {
        if (paid == 0) {
            return RefundReservation.NOT_REFUNDABLE;
        }
        if (refund < 1 || refund > refundable()) {
            return RefundReservation.EXCEEDS;
        }
        totals.reserve(refund);
        return RefundReservation.RESERVED;
    }

    /** A refund of {@code refund}, whose amount the order holds, went through. */
    public void succeeded(long refund) {
        totals.succeeded(refund);
    }

    /**
     * A refund of {@code refund} that had FAILED (its amount released) went through after all:
     * IOTPay gave the money back, so it is held and counted again, even beyond what was paid.
     */
    public void lateSucceeded(long refund) {
        totals.lateSucceeded(refund);
    }

    /** A refund of {@code refund} failed: its reservation is free again. */
    public void failed(long refund) {
        totals.release(refund);
    }

    /**
     * What is left to refund, in minor units: what was paid minus every refund that has not FAILED
     * (SUCCEEDED, and UNKNOWN or PROCESSING ones, whose amount stays reserved until they settle).
     * 0 for an order that is not paid, which cannot be refunded at all, and for one whose refunds
     * (late successes) hold more than was paid. The most a new refund may ask for.
     */
    public long refundable() {
        return Math.max(0, paid - totals.reserved());
    }

    /** Minor units refunded beyond what was paid (0 when refunds stayed within the payment). */
    public long overRefunded() {
        return Math.max(0, totals.refunded() - paid);
    }

    /** True when refunds went beyond the payment and no operator has dealt with all of it yet. */
    public boolean awaitReview() {
        return overRefunded() > 0 && totals.refunded() > totals.overRefundResolved();
    }

    /** An operator dealt with what was refunded beyond the payment so far. False when nothing waited. */
    public boolean resolve() {
        if (!awaitReview()) {
            return false;
        }
        totals.resolvedUpTo(totals.refunded());
        return true;
    }

    /** Minor units of SUCCEEDED refunds. */
    public long refunded() {
        return totals.refunded();
    }

    public RefundTotals totals() {
        return totals;
    }
}
