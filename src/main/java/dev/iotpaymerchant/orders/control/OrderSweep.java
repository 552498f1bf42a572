package dev.iotpaymerchant.orders.control;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.gatewaycalls.control.RecordedGateway;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.observability.Metrics;
import dev.iotpaymerchant.platform.observability.Traces;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;

/**
 * The sweep: asks IOTPay about every order that is due and applies the answer. Lost notifications,
 * unknown create outcomes, restarts, expiry and late payments after a close all end here. Runs on
 * the shared due-work loop ({@link DueWork}), so every node can run it at the same time; never holds
 * a transaction while IOTPay answers.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrderSweep {

    private static final Logger LOG = LogFields.logger(OrderSweep.class);

    @Inject
    DueOrders due;

    @Inject
    Reconciliation reconciliation;

    @Inject
    Metrics metrics;

    @Inject
    RecordedGateway gateway;

    @Inject
    DueWork work;

    @Inject
    IotPaySettings settings;

    /**
     * One run; returns how many orders it asked IOTPay about. A node whose settings are unusable
     * claims nothing (it could not ask IOTPay).
     */
    public int sweep() {
        Sweep sweep = new Sweep();
        int checked = work.run(sweep);
        metrics.reconciliationRun(checked, sweep.resolved);
        if (checked > 0) {
            LOG.fine(() -> "Reconciliation asked IOTPay about " + checked + " orders");
        }
        return checked;
    }

    /** What the sweep does with each claimed order; the loop around it is {@link DueWork}'s. */
    private final class Sweep implements DueWork.Kind<String> {

        int resolved;

        @Override
        public String name() {
            return "The order sweep";
        }

        @Override
        public DueWork.Claim<String> claim(int limit) {
            return due.claim(limit);
        }

        @Override
        public Duration each() {
            return settings.iotpayDeadline();
        }

        @Override
        public void work(String mchOrderNo, Lease lease) {
            try (Traces.Scope trace = Traces.startTrace("reconcile order");
                 Traces.Scope order = Traces.forOrder(mchOrderNo)) {
                resolved += check(mchOrderNo) ? 1 : 0;
            }
        }

        @Override
        public void giveBack(List<String> untried, Lease lease, OffsetDateTime now) {
            due.release(untried, now);
        }
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
