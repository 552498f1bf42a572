package dev.iotpaymerchant.fulfilment.control;

import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import dev.iotpaymerchant.events.control.PaymentEvents;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.events.entity.PaymentEvent;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.observability.Metrics;
import dev.iotpaymerchant.platform.observability.Traces;
import dev.iotpaymerchant.platform.values.Instants;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;
import dev.iotpaymerchant.platform.work.OutcomeGroup;
import dev.iotpaymerchant.platform.work.WorkThreads;

/**
 * Delivers the outbox on the shared due-work loop ({@link DueWork}): claims due deliveries in short
 * transactions, then calls the observers or the webhook with no transaction open, and records each
 * outcome soon after it is known: each webhook try on its own, the observers' in small groups
 * ({@link OutcomeGroup}: at most {@link DueWork#BATCH} outcomes, recorded at most
 * {@link #GROUP_DELAY} after the first of them, even while the next event's observers are still
 * running). Runs on every node (timer and after each commit); the claims decide who delivers what.
 * At least once: a node that dies after delivering but before recording delivers again after the
 * lease, with the same event id; what it had recorded is never delivered again.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Dispatcher {

    /**
     * How long a finished delivery to the observers may wait to be recorded with others: the most a
     * crash or a lost lease can repeat, besides the event in progress. The 20 ms of the wake-up's
     * gathering, so that under load a claimed batch is still recorded in about one transaction.
     */
    static final Duration GROUP_DELAY = Duration.ofMillis(20);

    private static final Logger LOG = LogFields.logger(Dispatcher.class);

    @Inject
    Deliveries deliveries;

    @Inject
    ObserverDelivery observers;

    @Inject
    WebhookSender webhooks;

    @Inject
    FulfilmentSettings settings;

    @Inject
    Metrics metrics;

    @Inject
    Clock clock;

    @Inject
    DueWork work;

    @Inject
    WorkThreads threads;

    /**
     * One run over both destinations; returns how many deliveries it attempted. A node whose
     * settings are unusable claims nothing.
     */
    public int dispatch() {
        List<DueWork.Kind<?>> kinds = new ArrayList<>(2);
        kinds.add(new ToObservers());
        toWebhook().ifPresent(kinds::add);
        return work.run(kinds);
    }

    /** The observers of each claimed event, their outcomes recorded in small groups. */
    private final class ToObservers implements DueWork.Kind<Deliveries.Claimed> {

        private OutcomeGroup<Deliveries.ObserversOutcome> outcomes;

        @Override
        public String name() {
            return "Delivery to the observers";
        }

        @Override
        public DueWork.Claim<Deliveries.Claimed> claim(int limit) {
            outcomes = threads.later()
                    .map(later -> new OutcomeGroup<Deliveries.ObserversOutcome>(DueWork.BATCH, GROUP_DELAY, later, Dispatcher.this::record))
                    // no thread to record on time: each outcome is recorded as soon as it is known
                    .orElseGet(() -> new OutcomeGroup<>(1, GROUP_DELAY, (delay, task) -> null, Dispatcher.this::record));
            return deliveries.claimForObservers(limit);
        }

        @Override
        public Duration each() {
            return deliveries.observerWork();
        }

        @Override
        public void work(Deliveries.Claimed delivery, Lease lease) {
            try (Traces.Scope trace = Traces.startTrace("deliver to observers")) {
                outcomes.add(observersOutcome(delivery));
            } catch (RuntimeException e) {
                // Not recorded: the lease runs out and the event is delivered again.
                LOG.log(Level.WARNING, "Delivery of event " + delivery.eventId() + " to the observers failed unexpectedly", e);
            }
        }

        @Override
        public void giveBack(List<Deliveries.Claimed> untried, Lease lease, OffsetDateTime now) {
            deliveries.release(untried, false, now);
        }

        @Override
        public void finish(DueWork.Claim<Deliveries.Claimed> claim) {
            outcomes.close();
        }
    }

    /** Each claimed event's webhook try, recorded on its own. */
    private final class ToWebhook implements DueWork.Kind<Deliveries.Claimed> {

        private final URI url;
        private final List<byte[]> keys;

        ToWebhook(URI url, List<byte[]> keys) {
            this.url = url;
            this.keys = keys;
        }

        @Override
        public String name() {
            return "Delivery to the webhook";
        }

        @Override
        public DueWork.Claim<Deliveries.Claimed> claim(int limit) {
            return deliveries.claimForWebhook(limit);
        }

        @Override
        public Duration each() {
            return deliveries.webhookWork();
        }

        @Override
        public void work(Deliveries.Claimed delivery, Lease lease) {
            try (Traces.Scope trace = Traces.startTrace("deliver webhook")) {
                sendWebhook(url, keys, delivery);
            }
        }

        @Override
        public void giveBack(List<Deliveries.Claimed> untried, Lease lease, OffsetDateTime now) {
            deliveries.release(untried, true, now);
        }
    }

    private Deliveries.ObserversOutcome observersOutcome(Deliveries.Claimed delivery) {
        Optional<EventType> type = EventType.ofWireName(delivery.type());
        if (type.isEmpty()) {
            return Deliveries.ObserversOutcome.failed(delivery, delivery.observersDone(),
                    "unknown event type " + delivery.type() + " (written by a newer version?)");
        }
        PaymentEvent event = PaymentEvents.of(delivery.eventId(), type.get(), parse(delivery.payload()));
        ObserverDelivery.Outcome outcome = observers.deliver(event, delivery.observersDone());
        metrics.eventDelivery("observers", outcome.delivered() ? "delivered" : "failed");
        return outcome.delivered()
                ? Deliveries.ObserversOutcome.delivered(delivery, outcome.done())
                : Deliveries.ObserversOutcome.failed(delivery, outcome.done(), String.join("; ", outcome.failures()));
    }

    /**
     * One transaction for a group's outcomes. If it cannot be recorded, each outcome is tried on
     * its own, so one row that cannot take its outcome does not hold back the others; what is still
     * not recorded is delivered again after the lease, with the same event id (at least once).
     */
    private void record(List<Deliveries.ObserversOutcome> outcomes) {
        try {
            deliveries.observersOutcomes(outcomes);
        } catch (RuntimeException batchFailed) {
            for (Deliveries.ObserversOutcome outcome : outcomes) {
                try {
                    deliveries.observersOutcomes(List.of(outcome));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Delivery of event " + outcome.delivery().eventId()
                            + " to the observers could not be recorded", e);
                }
            }
        }
    }

    /** Only a node with a webhook URL and a usable secret claims webhook tries; others leave them to those that can. */
    private Optional<ToWebhook> toWebhook() {
        Optional<URI> url = settings.webhooksUrl();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ToWebhook(url.get(), settings.webhooksKeys()));
        } catch (RuntimeException misconfigured) {
            return Optional.empty(); // the gate is closed for an invalid secret already; a missing one is named by readiness
        }
    }

    private void sendWebhook(URI url, List<byte[]> keys, Deliveries.Claimed delivery) {
        OffsetDateTime at = OffsetDateTime.now(clock);
        WebhookSender.Result result = webhooks.send(url, delivery.eventId(), at.toEpochSecond(), body(delivery), keys);
        metrics.eventDelivery("webhook", result.delivered() ? "delivered" : "failed");
        try {
            deliveries.webhookAttempted(delivery, at, result);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook attempt for event " + delivery.eventId() + " could not be recorded", e);
        }
    }

    /** The webhook body: the same bytes on every attempt, so the receiver sees one message. */
    static String body(Deliveries.Claimed delivery) {
        return Jsons.object()
                .add("id", delivery.eventId())
                .add("type", delivery.type())
                .add("createdAt", Instants.text(delivery.createdAt()))
                .add("data", parse(delivery.payload()))
                .build().toString();
    }

    private static JsonObject parse(String json) {
        try (var reader = Jsons.reader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
