package dev.iotpaymerchant.checkouts.control;

import jakarta.ejb.ApplicationException;

/**
 * A try at closing a checkout found, once it held the checkout's lock, an attempt it had not locked:
 * one made while it waited for that lock. Nothing changed (the transaction rolls back); {@link CheckoutClosing}
 * tries again and locks that attempt too.
 */
@ApplicationException(rollback = true)
public class AttemptAppeared extends RuntimeException {

    public AttemptAppeared(String checkoutId) {
        super("checkout " + checkoutId + " got a new attempt while it was being closed", null, false, false);
    }
}
