package dev.iotpaymerchant.platform.values;

import jakarta.ejb.ApplicationException;

/**
 * A request that breaks one of our rules (a field missing, too long, out of range): the caller must
 * change it before sending it again. Control code throws it with a detail for humans; the error
 * mapper at the edge turns it into a 400 problem. Nothing was written.
 */
@ApplicationException(rollback = true)
public class InvalidRequest extends RuntimeException {

    public InvalidRequest(String detail) {
        super(detail, null, false, false);
    }

    /** What is wrong with the request, for the caller (never a secret or a stack trace). */
    public String detail() {
        return getMessage();
    }
}
