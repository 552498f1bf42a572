package dev.iotpaymerchant.checkouts.boundary;

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
import dev.iotpaymerchant.checkouts.control.CheckoutExpiry;

/**
 * Expires due checkouts every {@code orders.reconcile.interval-seconds} on every node, on its own
 * timer. Not persistent and not cluster-wide on purpose: each checkout expires under its row lock,
 * so two nodes never expire one twice.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CheckoutExpiryTimer {

    private static final Logger LOG = LogFields.logger(CheckoutExpiryTimer.class);

    @Resource
    TimerService timers;

    @Inject
    PlatformSettings settings;

    @Inject
    CheckoutExpiry expiry;

    @PostConstruct
    void schedule() {
        long every = settings.reconcileInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("checkout-expiry", false));
    }

    @Timeout
    void run() {
        try {
            expiry.expireDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Checkout expiry failed; the next run retries", e);
        }
    }
}
