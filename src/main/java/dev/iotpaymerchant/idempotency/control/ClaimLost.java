package dev.iotpaymerchant.idempotency.control;

import jakarta.ejb.ApplicationException;

/**
 * The request no longer holds its Idempotency-Key: it ran so long that a retry took the key over.
 * Thrown where it would have named what it stored, so that its transaction rolls back and nothing it
 * meant to store (an order, a refund) exists, and nothing reaches IOTPay.
 */
@ApplicationException(rollback = true)
public class ClaimLost extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClaimLost(String key) {
        super("The request lost its claim on an Idempotency-Key to a retry (" + key.length() + " characters)");
    }
}
