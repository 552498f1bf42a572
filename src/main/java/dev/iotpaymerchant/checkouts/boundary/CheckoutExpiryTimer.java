package dev.iotpaymerchant.checkouts.boundary;

import java.time.Duration;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.checkouts.control.CheckoutExpiry;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.work.IntervalTimer;

/**
 * Expires due checkouts every {@code orders.reconcile.interval-seconds} on every node. Each
 * checkout expires under its row lock, so two nodes never expire one twice.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CheckoutExpiryTimer extends IntervalTimer {

    @Inject
    PlatformSettings settings;

    @Inject
    CheckoutExpiry expiry;

    @Override
    protected String name() {
        return "checkout-expiry";
    }

    @Override
    protected Duration interval() {
        return settings.reconcileInterval();
    }

    @Override
    protected void runOnce() {
        expiry.expireDue();
    }
}
