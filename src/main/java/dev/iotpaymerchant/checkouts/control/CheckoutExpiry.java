package dev.iotpaymerchant.checkouts.control;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;

/**
 * Expires OPEN checkouts whose time ran out (by the database's time), each in a transaction of its
 * own, on the shared due-work loop ({@link DueWork}). Runs on every node: each checkout is expired
 * under its row lock, so two nodes never expire one twice.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CheckoutExpiry {

    /** Expiring one checkout: two short transactions' worth, with room to spare. */
    static final Duration EACH = Duration.ofSeconds(10);

    private static final Logger LOG = LogFields.logger(CheckoutExpiry.class);

    @Inject
    Checkouts checkouts;

    @Inject
    CheckoutClosing closing;

    @Inject
    DueWork work;

    /** Expires what is due; returns how many checkouts it expired. */
    public int expireDue() {
        Expiry expiry = new Expiry();
        work.run(expiry);
        return expiry.expired;
    }

    private final class Expiry implements DueWork.Kind<String> {

        int expired;

        @Override
        public String name() {
            return "Checkout expiry";
        }

        @Override
        public DueWork.Claim<String> claim(int limit) {
            return checkouts.dueToExpire(limit, EACH);
        }

        @Override
        public Duration each() {
            return EACH;
        }

        @Override
        public void work(String checkoutId, Lease lease) {
            try {
                if (closing.expireIfDue(checkoutId, lease.databaseTime(work.nanos()))) { // committed when it returns
                    expired++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Expiring checkout " + checkoutId + " failed; the next run tries again", e);
            }
        }

        @Override
        public void giveBack(List<String> untried, Lease lease, OffsetDateTime now) {
            // Nothing was moved when they were found: they are still due, for the next run on any node.
        }
    }
}
