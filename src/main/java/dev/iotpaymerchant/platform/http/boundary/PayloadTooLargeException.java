package dev.iotpaymerchant.platform.http.boundary;

import java.io.IOException;

/** Raised while reading a request body that exceeds {@link BodySizeLimit#MAX_BYTES}. */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException() {
        super("The request body is larger than " + BodySizeLimit.MAX_BYTES + " bytes.");
    }
}
