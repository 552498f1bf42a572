package dev.iotpaymerchant.orders.control;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.iotpay.control.IotPayClient;
import dev.iotpaymerchant.iotpay.control.QueryOutcome;

/**
 * The sweep: asks IOTPay about every unsettled order that is due and applies the answer. Lost
 * notifications, unknown create outcomes, restarts and expiry all end here. Claims rows in the
 * database, so every node can run it at the same time; never holds a transaction while IOTPay
 * answers.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Reconciler {

    static final int BATCH = 25;
    /** A run stops after this many batches and leaves the rest to the next run. */
    static final int MAX_BATCHES = 40;

    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    @Inject
    PaymentOrders orders;

    @Inject
    IotPayClient iotpay;

    @Inject
    PaymentEvents events;

    /** One run; returns how many orders it asked IOTPay about. */
    public int sweep() {
        int checked = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<String> due = orders.claimDue(BATCH);
            for (String mchOrderNo : due) {
                check(mchOrderNo);
            }
            checked += due.size();
            if (due.size() < BATCH) {
                break;
            }
        }
        int purged = orders.purgeIdempotencyKeys();
        if (checked > 0 || purged > 0) {
            int total = checked;
            LOG.info(() -> "Reconciliation asked IOTPay about " + total + " orders; purged " + purged + " idempotency keys");
        }
        return checked;
    }

    private void check(String mchOrderNo) {
        try {
            QueryOutcome answer = iotpay.queryOrder(mchOrderNo);
            Optional<Object> event = orders.reconcile(mchOrderNo, answer); // committed when it returns
            events.publish(event);
        } catch (RuntimeException e) {
            // The order keeps its claim time; the next due run tries again.
            LOG.log(Level.WARNING, "Reconciliation of order " + mchOrderNo + " failed; will retry", e);
        }
    }
}
