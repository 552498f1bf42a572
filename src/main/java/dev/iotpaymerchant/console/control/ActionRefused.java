package dev.iotpaymerchant.console.control;

import jakarta.ejb.ApplicationException;

/** Why an operator's action was not carried out: nothing changed, and nothing was audited. */
@ApplicationException(rollback = true)
public class ActionRefused extends RuntimeException {

    /** What stood in the way. */
    public enum Reason {
        NO_SUCH_ORDER,
        NO_SUCH_EVENT,
        /** Nothing about the order waits for an operator. */
        NOT_IN_REVIEW,
        /** The event was never sent to a webhook: none was set when it came due. */
        NO_WEBHOOK,
        /** Only a delivery to the application that FAILED is redelivered. */
        OBSERVERS_NOT_FAILED
    }

    private final Reason reason;
    private final String mchOrderNo;
    private final String state;

    /** {@code state}: the order's status or the delivery's state, as it is now (may be null). */
    public ActionRefused(Reason reason, String mchOrderNo, String state) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.mchOrderNo = mchOrderNo;
        this.state = state;
    }

    public Reason reason() {
        return reason;
    }

    public String mchOrderNo() {
        return mchOrderNo;
    }

    public String state() {
        return state;
    }
}
