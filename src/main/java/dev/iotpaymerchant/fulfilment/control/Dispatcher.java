package dev.iotpaymerchant.fulfilment.control;

import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import dev.iotpaymerchant.platform.control.Jsons;
import dev.iotpaymerchant.events.control.PaymentEvents;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.events.entity.PaymentEvent;
import dev.iotpaymerchant.platform.control.Metrics;
import dev.iotpaymerchant.platform.control.WorkGate;
import dev.iotpaymerchant.platform.control.LogFields;
import dev.iotpaymerchant.platform.control.Instants;
import dev.iotpaymerchant.platform.control.Traces;

/**
 * Delivers the outbox: claims due deliveries in short transactions, then calls the observers or
 * the webhook with no transaction open, then records the outcomes (the observers' for the whole
 * batch in one transaction, each webhook try on its own). Runs on every node (timer and
 * after each commit); the claims decide who delivers what. At least once: a node that dies after
 * delivering but before recording delivers again after the lease, with the same event id.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Dispatcher {

    static final int BATCH = 25;
    static final int MAX_BATCHES = 40;

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
    WorkGate gate;

    /**
     * One run over both destinations; returns how many deliveries it attempted. A node whose
     * settings are unusable claims nothing.
     */
    public int dispatch() {
        if (!gate.open()) {
            return 0;
        }
        return toObservers() + toWebhook();
    }

    private int toObservers() {
        int attempted = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<Deliveries.Claimed> claimed = deliveries.claimForObservers(BATCH);
            List<Deliveries.ObserversOutcome> outcomes = new ArrayList<>();
            attempted += withinLease(claimed, deliveries.observerWork(), false,
                    delivery -> deliverToObservers(delivery, outcomes));
            record(outcomes);
            if (claimed.size() < BATCH) {
                break;
            }
        }
        return attempted;
    }

    /**
     * Works through a claimed batch one delivery at a time while its lease leaves room for one
     * more; what it would not cover is given back untried. So a delivery is never worked on after
     * its claim has run out, when another run may have taken it.
     */
    private int withinLease(List<Deliveries.Claimed> claimed, Duration each, boolean webhook,
                            Consumer<Deliveries.Claimed> work) {
        for (int i = 0; i < claimed.size(); i++) {
            Deliveries.Claimed delivery = claimed.get(i);
            if (!delivery.lease().leavesRoomFor(OffsetDateTime.now(clock), each)) {
                List<Deliveries.Claimed> untried = claimed.subList(i, claimed.size());
                LOG.warning(() -> untried.size() + " claimed deliveries given back untried: the claim would not cover them");
                deliveries.release(untried, webhook);
                return i;
            }
            try (Traces.Scope trace = Traces.startTrace(webhook ? "deliver webhook" : "deliver to observers")) {
                work.accept(delivery);
            }
        }
        return claimed.size();
    }

    private void deliverToObservers(Deliveries.Claimed delivery, List<Deliveries.ObserversOutcome> outcomes) {
        try {
            outcomes.add(observersOutcome(delivery));
        } catch (RuntimeException e) {
            // Not recorded: the lease runs out and the event is delivered again.
            LOG.log(Level.WARNING, "Delivery of event " + delivery.eventId() + " to the observers failed unexpectedly", e);
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
     * One transaction for the batch's outcomes. If it cannot be recorded, each outcome is tried on
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
    private int toWebhook() {
        Optional<URI> url = settings.webhooksUrl();
        if (url.isEmpty()) {
            return 0;
        }
        List<byte[]> keys;
        try {
            keys = settings.webhooksKeys();
        } catch (RuntimeException misconfigured) {
            return 0; // the gate is closed for an invalid secret already; a missing one is named by readiness
        }
        int attempted = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<Deliveries.Claimed> claimed = deliveries.claimForWebhook(BATCH);
            attempted += withinLease(claimed, deliveries.webhookWork(), true,
                    delivery -> sendWebhook(url.get(), keys, delivery));
            if (claimed.size() < BATCH) {
                break;
            }
        }
        return attempted;
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
