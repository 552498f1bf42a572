package dev.iotpaymerchant.orders.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.gatewaycalls.control.RecordedGateway;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.platform.control.Metrics;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.platform.control.LogFields;
import dev.iotpaymerchant.platform.control.WorkGate;
import dev.iotpaymerchant.platform.control.Traces;

/**
 * The sweep: asks IOTPay about every order that is due and applies the answer. Lost notifications,
 * unknown create outcomes, restarts, expiry and late payments after a close all end here. Claims
 * rows in the database, so every node can run it at the same time; never holds a transaction
 * while IOTPay answers.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Reconciler {

    static final int BATCH = 25;
    /** A run stops after this many batches and leaves the rest to the next run. */
    static final int MAX_BATCHES = 40;

    private static final Logger LOG = LogFields.logger(Reconciler.class);

    @Inject
    DueOrders due;

    @Inject
    Reconciliation reconciliation;

    @Inject
    Metrics metrics;

    @Inject
    Clock clock;

    @Inject
    RecordedGateway gateway;

    @Inject
    WorkGate gate;

    @Inject
    IotPaySettings settings;

    /**
     * One run; returns how many orders it asked IOTPay about. A node whose settings are unusable
     * claims nothing (it could not ask IOTPay).
     */
    public int sweep() {
        if (!gate.open()) {
            return 0;
        }
        int checked = 0;
        int resolved = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            DueOrders.Claim claim = due.claim(BATCH);
            List<String> claimed = claim.mchOrderNos();
            for (String mchOrderNo : claimed) {
                if (!claim.lease().leavesRoomFor(OffsetDateTime.now(clock), settings.iotpayDeadline())) {
                    LOG.fine("The sweep's claim would not cover another question to IOTPay; the rest waits for its next check");
                    return finish(checked, resolved);
                }
                try (Traces.Scope trace = Traces.startTrace("reconcile order");
                     Traces.Scope order = Traces.forOrder(mchOrderNo)) {
                    resolved += check(mchOrderNo) ? 1 : 0;
                }
                checked++;
            }
            if (claimed.size() < BATCH) {
                break;
            }
        }
        return finish(checked, resolved);
    }

    private int finish(int checked, int resolved) {
        metrics.reconciliationRun(checked, resolved);
        if (checked > 0) {
            LOG.fine(() -> "Reconciliation asked IOTPay about " + checked + " orders");
        }
        return checked;
    }

    /** Asks IOTPay about one order and applies the answer; true when the order's status changed. */
    private boolean check(String mchOrderNo) {
        try {
            Reconciliation.Reconciled result = gateway.queryOrder(mchOrderNo, answer -> {
                Reconciliation.Reconciled applied = reconciliation.apply(mchOrderNo, answer); // committed when it returns
                return new RecordedGateway.Applied<>(applied, applied.changed()
                        ? applied.before() + " → " + applied.after() : "no change (" + applied.after() + ")");
            });
            if (result.changed() && result.after() != OrderStatus.PENDING) {
                metrics.orderSettled(result.after().name());
            }
            return result.changed();
        } catch (RuntimeException e) {
            // The order keeps its claim time; the next due run tries again.
            LOG.log(Level.WARNING, "Reconciliation of order " + mchOrderNo + " failed; will retry", e);
            return false;
        }
    }
}
