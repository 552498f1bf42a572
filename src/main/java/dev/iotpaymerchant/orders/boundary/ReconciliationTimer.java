package dev.iotpaymerchant.orders.boundary;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.orders.control.Reconciler;
import dev.iotpaymerchant.platform.control.LogFields;
import dev.iotpaymerchant.platform.control.PlatformSettings;

/**
 * Runs the reconciliation every {@code orders.reconcile.interval-seconds} on every node. The timer
 * is not persistent and not cluster-wide on purpose: the database claims decide which node checks
 * which order.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReconciliationTimer {

    private static final Logger LOG = LogFields.logger(ReconciliationTimer.class);

    @Resource
    TimerService timers;

    @Inject
    PlatformSettings settings;

    @Inject
    Reconciler reconciler;

    @PostConstruct
    void schedule() {
        long every = settings.reconcileInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("iotpay-reconciliation", false));
    }

    @Timeout
    void run() {
        try {
            reconciler.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reconciliation run failed; the next run retries", e);
        }
    }
}
