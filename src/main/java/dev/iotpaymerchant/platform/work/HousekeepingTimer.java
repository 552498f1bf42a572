package dev.iotpaymerchant.platform.work;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.settings.PlatformSettings;

/**
 * Housekeeping every {@code orders.reconcile.interval-seconds} on every usable node: components
 * purge what they keep past its retention (idempotency keys, the notification log). Each purge is
 * a delete by age that any number of nodes may run at once, so it claims nothing.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HousekeepingTimer extends IntervalTimer {

    private static final Logger LOG = LogFields.logger(HousekeepingTimer.class);

    @Inject
    PlatformSettings settings;

    @Inject
    WorkGate gate;

    @Inject
    Event<Housekeeping> housekeeping;

    @Inject
    Clock clock;

    @Override
    protected String name() {
        return "housekeeping";
    }

    @Override
    protected Duration interval() {
        return settings.reconcileInterval();
    }

    @Override
    protected void runOnce() {
        run();
    }

    /** One round of housekeeping now; nothing on a node whose settings are unusable. */
    public void run() {
        if (!gate.open()) {
            return;
        }
        try {
            housekeeping.fire(new Housekeeping(OffsetDateTime.now(clock)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Housekeeping failed; the next run tries again", e);
        }
    }
}
