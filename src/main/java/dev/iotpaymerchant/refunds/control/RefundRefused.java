package dev.iotpaymerchant.refunds.control;

import jakarta.ejb.ApplicationException;

/** Why a refund was not even stored: nothing was written and nothing reached IOTPay. */
@ApplicationException(rollback = true)
public class RefundRefused extends RuntimeException {

    /** What stood in the way. */
    public enum Reason {
        /** There is no order with this number. */
        NO_SUCH_ORDER,
        /** Only PAID and PAID_AFTER_CLOSE orders can be refunded. */
        NOT_REFUNDABLE,
        /** The refund would take the order's refunds beyond what was paid. */
        EXCEEDS_PAYMENT
    }

    private final Reason reason;
    private final String orderStatus;
    private final long refundable;
    private final String currency;

    public RefundRefused(Reason reason, String orderStatus, long refundable, String currency) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.orderStatus = orderStatus;
        this.refundable = refundable;
        this.currency = currency;
    }

    public Reason reason() {
        return reason;
    }

    /** The order's status (NOT_REFUNDABLE). */
    public String orderStatus() {
        return orderStatus;
    }

    /** What can still be refunded, in minor units of {@link #currency()} (EXCEEDS_PAYMENT). */
    public long refundable() {
        return refundable;
    }

    public String currency() {
        return currency;
    }
}
