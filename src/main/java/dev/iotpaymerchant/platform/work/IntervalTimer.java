package dev.iotpaymerchant.platform.work;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;

import dev.iotpaymerchant.platform.observability.LogFields;

/**
 * The one shape of the timers that start due work on every node (the order sweep, the refund
 * sweep, the dispatcher, checkout expiry, housekeeping, the self-audit). A subclass is a {@code
 * @Singleton @Startup @DependsOn("SchemaMigration")} bean that says what it runs and how often. The timer is
 * not persistent and not cluster-wide on purpose: each run claims its rows in the database
 * ({@link DueWork}), so every node runs it and none takes what another holds. A failed run is
 * logged and left to the next.
 */
public abstract class IntervalTimer {

    private static final Logger LOG = LogFields.logger(IntervalTimer.class);

    @Resource
    TimerService timers;

    /** The timer's name, also what the log calls a failed run. */
    protected abstract String name();

    /** How often it runs. */
    protected abstract Duration interval();

    /** One run. */
    protected abstract void runOnce();

    @PostConstruct
    protected void schedule() {
        long every = interval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig(name(), false));
        started();
    }

    /** What a timer does once at start, besides scheduling itself. */
    protected void started() {
    }

    @Timeout
    protected void onTimeout() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name() + " failed; the next run retries", e);
        }
    }
}
