package dev.iotpaymerchant.orders.boundary;

import java.time.Duration;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.orders.control.OrderSweep;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.work.IntervalTimer;

/** Runs the order sweep every {@code orders.reconcile.interval-seconds} on every node. */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrderSweepTimer extends IntervalTimer {

    @Inject
    PlatformSettings settings;

    @Inject
    OrderSweep orderSweep;

    @Override
    protected String name() {
        return "iotpay-reconciliation";
    }

    @Override
    protected Duration interval() {
        return settings.reconcileInterval();
    }

    @Override
    protected void runOnce() {
        orderSweep.sweep();
    }
}
