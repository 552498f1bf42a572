package dev.iotpaymerchant.console.control;

import jakarta.ejb.ApplicationException;

/** Why an operator's action was not carried out: nothing changed, and nothing was audited. */
@ApplicationException(rollback = true)
public class ActionRefused extends RuntimeException {

    /** What stood in the way. */
    public enum Reason {
        NO_SUCH_ORDER,
        NO_SUCH_EVENT,
        NO_SUCH_CHECKOUT,
        /** Nothing about the order waits for an operator. */
        NOT_IN_REVIEW,
        /** The checkout has no extra payment that waits for an operator. */
        NOT_OVERPAID,
        /** The event was never sent to a webhook: none was set when it came due. */
        NO_WEBHOOK,
        /** Only a delivery to the application that FAILED is redelivered. */
        OBSERVERS_NOT_FAILED
    }

    private final Reason reason;
    private final String mchOrderNo;
    private final String checkoutId;
    private final String state;

    /** {@code state}: the order's status or the delivery's state, as it is now (may be null). */
    public ActionRefused(Reason reason, String mchOrderNo, String state) {
        this(reason, mchOrderNo, null, state);
    }

    private ActionRefused(Reason reason, String mchOrderNo, String checkoutId, String state) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.mchOrderNo = mchOrderNo;
        this.checkoutId = checkoutId;
        this.state = state;
    }

    /** A refused action on checkout {@code checkoutId}; {@code state}: its status as it is now (may be null). */
    public static ActionRefused onCheckout(Reason reason, String checkoutId, String state) {
        return new ActionRefused(reason, null, checkoutId, state);
    }

    public Reason reason() {
        return reason;
    }

    public String mchOrderNo() {
        return mchOrderNo;
    }

    public String checkoutId() {
        return checkoutId;
    }

    public String state() {
        return state;
    }
}
