package dev.iotpaymerchant.checkouts.control;

import jakarta.ejb.ApplicationException;

/** Why a checkout request was not carried out: nothing changed. */
@ApplicationException(rollback = true)
public class CheckoutRefused extends RuntimeException {

    /** What stood in the way. */
    public enum Reason {
        /** No such checkout, or one the caller may not see. */
        NOT_FOUND,
        /** It is not OPEN any more. */
        NOT_OPEN,
        /** Its reference names another checkout, made with another request. */
        REFERENCE_REUSED
    }

    private final Reason reason;
    private final String checkoutId;
    private final String status;

    public CheckoutRefused(Reason reason, String checkoutId, String status) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.checkoutId = checkoutId;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    public String checkoutId() {
        return checkoutId;
    }

    /** The checkout's status, when it matters (NOT_OPEN). */
    public String status() {
        return status;
    }
}
