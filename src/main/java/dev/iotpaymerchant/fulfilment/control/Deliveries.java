package dev.iotpaymerchant.fulfilment.control;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.fulfilment.entity.OutboxEvent;
import dev.iotpaymerchant.fulfilment.entity.WebhookAttempt;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.values.LogSafe;
import dev.iotpaymerchant.platform.work.Backoff;
import dev.iotpaymerchant.platform.work.DueRows;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;
import dev.iotpaymerchant.platform.work.WorkClock;

/**
 * The dispatcher's short transactions: claim due deliveries under one {@link Lease} (the shared
 * {@link DueRows} claim, so every node can dispatch at once and none takes a row another holds),
 * give back what the lease would not cover, and record each outcome only while the claim is still
 * held. Due times and leases are the database's time ({@link WorkClock}); what is recorded after
 * the claim reckons from the claim's reading plus the node's monotonic time since, with no query.
 * Nothing here waits on an observer or a receiver.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Deliveries {

    /**
     * What one event's observers may take before the claim on a batch runs short: the observers are
     * the application's code, with no deadline of ours, so a batch is leased for this per event.
     */
    static final Duration OBSERVER_WORK = Duration.ofSeconds(30);
    /** Recording one outcome, on top of each piece of work's own deadline. */
    static final Duration RECORDING = Duration.ofSeconds(10);

    private static final Logger LOG = LogFields.logger(Deliveries.class);

    @PersistenceContext
    EntityManager em;

    @Inject
    WorkClock clock;

    @Inject
    FulfilmentSettings settings;

    /** A claimed delivery: everything needed to deliver it outside any transaction. */
    public record Claimed(long id, String eventId, String type, String mchOrderNo, String payload,
                          OffsetDateTime createdAt, int attempt, Set<String> observersDone, Lease lease) {
    }

    /** The most one observer delivery is expected to take, recording included: what a lease must leave room for. */
    public Duration observerWork() {
        return OBSERVER_WORK.plus(RECORDING);
    }

    /** The most one webhook try can take (its total deadline), recording included. */
    public Duration webhookWork() {
        return settings.webhooksTimeout().plus(RECORDING);
    }

    public DueWork.Claim<Claimed> claimForObservers(int limit) {
        WorkClock.Reading now = clock.read(em);
        List<OutboxEvent> due = due("observers_next_at", limit, now.at());
        Lease lease = Lease.covering(now, due.size(), observerWork());
        List<Claimed> claimed = new ArrayList<>();
        for (OutboxEvent event : due) {
            event.observersClaimed(lease.token(), lease.ends());
            claimed.add(new Claimed(event.getId(), event.getEventId(), event.getType(), event.getMchOrderNo(),
                    event.getPayload(), event.getCreatedAt(), event.getObserversAttempts(), event.observersDone(), lease));
        }
        return new DueWork.Claim<>(claimed, lease);
    }

    /**
     * Claims due webhook tries. Only a node that can send webhooks calls this; an event written
     * without a webhook configured is never due for one.
     */
    public DueWork.Claim<Claimed> claimForWebhook(int limit) {
        WorkClock.Reading now = clock.read(em);
        List<OutboxEvent> due = due("webhook_next_at", limit, now.at());
        Lease lease = Lease.covering(now, due.size(), webhookWork());
        List<Claimed> claimed = new ArrayList<>();
        for (OutboxEvent event : due) {
            event.webhookClaimed(lease.token(), lease.ends());
            claimed.add(new Claimed(event.getId(), event.getEventId(), event.getType(), event.getMchOrderNo(),
                    event.getPayload(), event.getCreatedAt(), event.getWebhookAttempts(), Set.of(), lease));
        }
        return new DueWork.Claim<>(claimed, lease);
    }

    /** Gives back claims the run will not work on (its lease would not cover them): due again at {@code now}. */
    public void release(List<Claimed> untried, boolean webhook, OffsetDateTime now) {
        for (Claimed delivery : untried) {
            OutboxEvent event = event(delivery);
            if (webhook) {
                event.webhookReleased(delivery.lease().token(), now);
            } else {
                event.observersReleased(delivery.lease().token(), now);
            }
        }
    }

    /**
     * What the observers made of one claimed delivery: every one took it ({@code failure} empty),
     * or some threw. {@code done} names the observers that took it either way, so they are not called again.
     */
    public record ObserversOutcome(Claimed delivery, Set<String> done, Optional<String> failure) {

        public static ObserversOutcome delivered(Claimed delivery, Set<String> done) {
            return new ObserversOutcome(delivery, done, Optional.empty());
        }

        public static ObserversOutcome failed(Claimed delivery, Set<String> done, String error) {
            return new ObserversOutcome(delivery, done, Optional.of(error));
        }
    }

    /**
     * Records a group of outcomes in one transaction: the rows are locked together, in id order
     * (so two recorders never wait on each other in a cycle), and each outcome is recorded only if
     * its claim is still this run's. One transaction per group instead of one per event.
     */
    public void observersOutcomes(List<ObserversOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        long nanos = clock.nanos();
        Map<Long, OutboxEvent> events = locked(outcomes.stream().map(outcome -> outcome.delivery().id()).toList());
        for (ObserversOutcome outcome : outcomes) {
            record(events.get(outcome.delivery().id()), outcome, outcome.delivery().lease().databaseTime(nanos));
        }
    }

    private void record(OutboxEvent event, ObserversOutcome outcome, OffsetDateTime now) {
        Claimed delivery = outcome.delivery();
        String token = delivery.lease().token();
        if (event == null) {
            lostClaim(delivery, "observers");
            return;
        }
        if (outcome.failure().isEmpty()) {
            if (!event.observersDelivered(token, outcome.done(), now)) {
                lostClaim(delivery, "observers");
            }
            return;
        }
        String error = outcome.failure().get();
        Optional<Duration> retry = Backoff.scheduled(delivery.attempt(), settings.retrySchedule());
        if (!event.observersFailed(token, outcome.done(), error, retry.orElse(null), now)) {
            lostClaim(delivery, "observers");
            return;
        }
        if (retry.isEmpty()) {
            LOG.severe(() -> "Event " + delivery.eventId() + " (" + delivery.type() + ", order " + delivery.mchOrderNo()
                    + ") FAILED for the CDI observers after " + delivery.attempt() + " attempts: " + LogSafe.text(error));
        }
    }

    /** Records one webhook attempt and what it means for the delivery, if the claim is still this run's. */
    public void webhookAttempted(Claimed delivery, OffsetDateTime at, WebhookSender.Result result) {
        OutboxEvent event = event(delivery);
        if (!event.webhookClaimedBy(delivery.lease().token())) {
            lostClaim(delivery, "webhook");
            return;
        }
        em.persist(new WebhookAttempt(delivery.eventId(), delivery.attempt(), at, result.duration().toMillis(),
                result.status(), result.error()));
        OffsetDateTime now = delivery.lease().databaseTime(clock.nanos());
        if (result.delivered()) {
            event.webhookDelivered(delivery.lease().token(), now);
            return;
        }
        Optional<Duration> retry = Backoff.scheduled(delivery.attempt(), settings.retrySchedule());
        event.webhookFailed(delivery.lease().token(), result.describe(), retry.orElse(null), now);
        if (retry.isEmpty()) {
            LOG.severe(() -> "Webhook for event " + delivery.eventId() + " (" + delivery.type() + ", order "
                    + delivery.mchOrderNo() + ") FAILED after " + delivery.attempt() + " attempts: " + result.describe());
        }
    }

    private static void lostClaim(Claimed delivery, String destination) {
        LOG.warning(() -> "The outcome of delivering event " + delivery.eventId() + " to the " + destination
                + " was not recorded: this run's claim had run out and the delivery is another run's now");
    }

    /** The due rows, locked by the claim query, read in one query rather than one find each. */
    private List<OutboxEvent> due(String dueColumn, int limit, OffsetDateTime now) {
        List<Long> ids = DueRows.lock(em, "payment_event", dueColumn, now, limit);
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, OutboxEvent> byId = new HashMap<>();
        em.createNamedQuery(OutboxEvent.BY_IDS, OutboxEvent.class).setParameter("ids", ids).getResultList()
                .forEach(event -> byId.put(event.getId(), event));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** Locked in id order: the other destination may be recording its own outcome on the same rows right now. */
    private Map<Long, OutboxEvent> locked(List<Long> ids) {
        Map<Long, OutboxEvent> byId = new HashMap<>();
        em.createNamedQuery(OutboxEvent.BY_IDS, OutboxEvent.class).setParameter("ids", ids)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()
                .forEach(event -> byId.put(event.getId(), event));
        return byId;
    }

    /** Locked: the other destination may be recording its own outcome on the same row right now. */
    private OutboxEvent event(Claimed delivery) {
        return em.find(OutboxEvent.class, delivery.id(), LockModeType.PESSIMISTIC_WRITE);
    }
}
