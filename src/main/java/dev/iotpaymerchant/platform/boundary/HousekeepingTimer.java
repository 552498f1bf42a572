package dev.iotpaymerchant.platform.boundary;

import java.time.Clock;
import java.time.OffsetDateTime;
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
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.control.Housekeeping;
import dev.iotpaymerchant.platform.control.PlatformSettings;
import dev.iotpaymerchant.platform.control.LogFields;
import dev.iotpaymerchant.platform.control.WorkGate;

/**
 * Housekeeping on its own timer, every {@code orders.reconcile.interval-seconds} on every usable
 * node: components purge what they keep past its retention (idempotency keys, the notification
 * log). Each purge is a delete by age that any number of nodes may run at once.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HousekeepingTimer {

    private static final Logger LOG = LogFields.logger(HousekeepingTimer.class);

    @Resource
    TimerService timers;

    @Inject
    PlatformSettings settings;

    @Inject
    WorkGate gate;

    @Inject
    Event<Housekeeping> housekeeping;

    @Inject
    Clock clock;

    @PostConstruct
    void schedule() {
        long every = settings.reconcileInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("housekeeping", false));
    }

    @Timeout
    void onTimer() {
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
