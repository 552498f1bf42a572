package dev.iotpaymerchant.fulfilment.boundary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.Readiness;

import dev.iotpaymerchant.fulfilment.control.Dispatcher;
import dev.iotpaymerchant.fulfilment.control.FulfilmentSettings;
import dev.iotpaymerchant.fulfilment.control.WebhookSettings;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.work.IntervalTimer;

/**
 * Runs the dispatcher every {@code events.dispatch-interval-seconds} on every node: the safety net
 * behind the wake-up after each commit, and what delivers retries and events left by a crash.
 * Also compares this node's webhook settings with the other nodes' at start and every minute.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DispatchTimer extends IntervalTimer {

    private static final Logger LOG = LogFields.logger(DispatchTimer.class);
    private static final Duration COMPARE_EVERY = Duration.ofMinutes(1);

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

    @Override
    protected String name() {
        return "payment-event-dispatch";
    }

    @Override
    protected Duration interval() {
        return settings.dispatchInterval();
    }

    @Override
    protected void started() {
        compareWebhookSettings();
    }

    @Override
    protected void runOnce() {
        if (Duration.between(compared, clock.instant()).compareTo(COMPARE_EVERY) >= 0) {
            compareWebhookSettings();
        }
        dispatcher.dispatch();
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
