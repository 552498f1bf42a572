package dev.iotpaymerchant.fulfilment.boundary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

import org.eclipse.microprofile.health.Readiness;

import dev.iotpaymerchant.fulfilment.control.Dispatcher;
import dev.iotpaymerchant.fulfilment.control.WebhookSettings;
import dev.iotpaymerchant.platform.control.LogFields;
import dev.iotpaymerchant.fulfilment.control.FulfilmentSettings;

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

    private static final Logger LOG = LogFields.logger(DispatchTimer.class);
    private static final Duration COMPARE_EVERY = Duration.ofMinutes(1);

    @Resource
    TimerService timers;

    @Inject
    FulfilmentSettings settings;

    @Inject
    Dispatcher dispatcher;

    @Inject
    WebhookSettings webhookSettings;

    @Inject
    @Readiness // a MicroProfile Health check's qualifier
    WebhookSettingsCheck readiness;

    @Inject
    Clock clock;

    private Instant compared = Instant.MIN;
    private boolean saidTheyDiffer;

    @PostConstruct
    void schedule() {
        long every = settings.dispatchInterval().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("payment-event-dispatch", false));
        compareWebhookSettings();
    }

    @Timeout
    void run() {
        if (Duration.between(compared, clock.instant()).compareTo(COMPARE_EVERY) >= 0) {
            compareWebhookSettings();
        }
        try {
            dispatcher.dispatch();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Event dispatch failed; the next run retries", e);
        }
    }

    /**
     * Says in readiness, and in the log (at start, or when it first finds them), when this node's
     * webhook settings are not the others'.
     */
    private void compareWebhookSettings() {
        compared = clock.instant();
        try {
            WebhookSettings.Comparison comparison = webhookSettings.report();
            readiness.remember(comparison);
            if (comparison.differs() && !saidTheyDiffer) {
                LOG.warning(() -> "Webhook settings differ between nodes: " + comparison.describe()
                        + ". Each node decides for the events it writes; give every node the same webhooks.url and webhooks.secret.");
            }
            saidTheyDiffer = comparison.differs();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Webhook settings could not be compared now; the next run tries again", e);
        }
    }
}
