package dev.iotpaymerchant.refunds.boundary;

import java.time.Duration;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.work.IntervalTimer;
import dev.iotpaymerchant.refunds.control.RefundSweep;

/** Runs the refund sweep every {@code orders.reconcile.interval-seconds} on every node. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefundSweepTimer extends IntervalTimer {

    @Inject
    PlatformSettings settings;

    @Inject
    RefundSweep sweep;

    @Override
    protected String name() {
        return "refund-sweep";
    }

    @Override
    protected Duration interval() {
        return settings.reconcileInterval();
    }

    @Override
    protected void runOnce() {
        sweep.sweep();
    }
}
