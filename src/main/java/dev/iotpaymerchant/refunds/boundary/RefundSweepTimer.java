package dev.iotpaymerchant.refunds.boundary;

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

import dev.iotpaymerchant.platform.control.PlatformSettings;
import dev.iotpaymerchant.platform.control.LogFields;
import dev.iotpaymerchant.refunds.control.RefundSweep;

/**
 * Runs the refund sweep every {@code orders.reconcile.interval-seconds} on every node, on its own
 * timer. Not persistent and not cluster-wide on purpose: the database claims decide which node asks
 * about which refund.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefundSweepTimer {

    private static final Logger LOG = LogFields.logger(RefundSweepTimer.class);

    @Resource
    TimerService timers;

    @Inject
    PlatformSettings settings;

    @Inject
    RefundSweep sweep;

    @PostConstruct
    void schedule() {
        long every = settings.reconcileInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("refund-sweep", false));
    }

    @Timeout
    void run() {
        try {
            sweep.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Refund sweep failed; the next run retries", e);
        }
    }
}
