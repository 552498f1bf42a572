package dev.iotpaymerchant.checkouts.control;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.control.WorkGate;
import dev.iotpaymerchant.platform.control.LogFields;

/**
 * Expires OPEN checkouts whose time ran out, each in a transaction of its own. Runs on every node:
 * each checkout is expired under its row lock, so two nodes never expire one twice.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CheckoutExpiry {

    private static final Logger LOG = LogFields.logger(CheckoutExpiry.class);
    private static final int BATCH = 100;

    @Inject
    Checkouts checkouts;

    @Inject
    CheckoutClosing closing;

    @Inject
    WorkGate gate;

    /** Expires what is due; returns how many checkouts it expired. */
    public int expireDue() {
        if (!gate.open()) {
            return 0;
        }
        int expired = 0;
        for (String checkoutId : checkouts.dueToExpire(BATCH)) {
            try {
                if (closing.expireIfDue(checkoutId)) { // committed when it returns
                    expired++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Expiring checkout " + checkoutId + " failed; the next run tries again", e);
            }
        }
        return expired;
    }
}
