package dev.iotpaymerchant.fulfilment.boundary;

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

import dev.iotpaymerchant.fulfilment.control.Dispatcher;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * Runs the dispatcher every {@code events.dispatch-interval-seconds} on every node: the safety net
 * behind the wake-up after each commit, and what delivers retries and events left by a crash.
 * Not persistent and not cluster-wide on purpose: the database claims decide who delivers what.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DispatchTimer {

    private static final Logger LOG = Logger.getLogger(DispatchTimer.class.getName());

    @Resource
    TimerService timers;

    @Inject
    Settings settings;

    @Inject
    Dispatcher dispatcher;

    @PostConstruct
    void schedule() {
        long every = settings.dispatchInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("payment-event-dispatch", false));
    }

    @Timeout
    void run() {
        try {
            dispatcher.dispatch();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Event dispatch failed; the next run retries", e);
        }
    }
}
