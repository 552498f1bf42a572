package dev.iotpaymerchant.fulfilment.control;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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
import dev.iotpaymerchant.platform.control.LogSafe;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * The dispatcher's short transactions: claim due deliveries (as the sweep claims orders, with
 * {@code FOR UPDATE SKIP LOCKED}, so every node can dispatch at once and none delivers a row
 * another holds), then record each outcome. Nothing here waits on an observer or a receiver.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Deliveries {

    /** How long a claimed observer delivery is left to its node before another may take it (e.g. after a crash). */
    static final Duration OBSERVER_LEASE = Duration.ofMinutes(5);
    /** A claimed webhook delivery is the receiver's for its timeout plus this. */
    static final Duration WEBHOOK_LEASE_MARGIN = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(Deliveries.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Settings settings;

    /** A claimed delivery: everything needed to deliver it outside any transaction. */
    public record Claimed(long id, String eventId, String type, String mchOrderNo, String payload,
                          OffsetDateTime createdAt, int attempt, Set<String> observersDone) {
    }

    public List<Claimed> claimForObservers(int limit) {
        OffsetDateTime now = now();
        List<Claimed> claimed = new ArrayList<>();
        for (OutboxEvent event : due("observers_next_at", limit, now)) {
            event.observersClaimed(now.plus(OBSERVER_LEASE));
            claimed.add(new Claimed(event.getId(), event.getEventId(), event.getType(), event.getMchOrderNo(),
                    event.getPayload(), event.getCreatedAt(), event.getObserversAttempts(), event.observersDone()));
        }
        return claimed;
    }

    /** With no webhook URL configured, due webhook deliveries are marked SKIPPED and none is returned. */
    public List<Claimed> claimForWebhook(int limit) {
        OffsetDateTime now = now();
        boolean configured = settings.webhooksUrl().isPresent();
        List<Claimed> claimed = new ArrayList<>();
        for (OutboxEvent event : due("webhook_next_at", limit, now)) {
            if (!configured) {
                event.webhookSkipped(now);
                continue;
            }
            event.webhookClaimed(now.plus(settings.webhooksTimeout()).plus(WEBHOOK_LEASE_MARGIN));
            claimed.add(new Claimed(event.getId(), event.getEventId(), event.getType(), event.getMchOrderNo(),
                    event.getPayload(), event.getCreatedAt(), event.getWebhookAttempts(), Set.of()));
        }
        return claimed;
    }

    public void observersDelivered(Claimed delivery, Set<String> done) {
        event(delivery).observersDelivered(done, now());
    }

    public void observersFailed(Claimed delivery, Set<String> done, String error) {
        Optional<Duration> retry = retryAfter(delivery.attempt());
        event(delivery).observersFailed(done, error, retry.orElse(null), now());
        if (retry.isEmpty()) {
            LOG.severe(() -> "Event " + delivery.eventId() + " (" + delivery.type() + ", order " + delivery.mchOrderNo()
                    + ") FAILED for the CDI observers after " + delivery.attempt() + " attempts: " + LogSafe.text(error));
        }
    }

    /** Records one webhook attempt and what it means for the delivery. */
    public void webhookAttempted(Claimed delivery, OffsetDateTime at, WebhookSender.Result result) {
        em.persist(new WebhookAttempt(delivery.eventId(), delivery.attempt(), at, result.duration().toMillis(),
                result.status(), result.error()));
        OutboxEvent event = event(delivery);
        if (result.delivered()) {
            event.webhookDelivered(now());
            return;
        }
        Optional<Duration> retry = retryAfter(delivery.attempt());
        event.webhookFailed(result.describe(), retry.orElse(null), now());
        if (retry.isEmpty()) {
            LOG.severe(() -> "Webhook for event " + delivery.eventId() + " (" + delivery.type() + ", order "
                    + delivery.mchOrderNo() + ") FAILED after " + delivery.attempt() + " attempts: " + result.describe());
        }
    }

    /** The wait before the next try after {@code attempts} tries; empty when the schedule is used up. */
    static Optional<Duration> retryAfter(int attempts, List<Duration> schedule) {
        return attempts >= 1 && attempts <= schedule.size() ? Optional.of(schedule.get(attempts - 1)) : Optional.empty();
    }

    private Optional<Duration> retryAfter(int attempts) {
        return retryAfter(attempts, settings.retrySchedule());
    }

    private List<OutboxEvent> due(String dueColumn, int limit, OffsetDateTime now) {
        List<?> ids = em.createNativeQuery("SELECT id FROM payment_event WHERE " + dueColumn + " <= ?"
                        + " ORDER BY " + dueColumn + ", id LIMIT ? FOR UPDATE SKIP LOCKED")
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
        List<OutboxEvent> events = new ArrayList<>();
        for (Object id : ids) {
            events.add(em.find(OutboxEvent.class, ((Number) id).longValue()));
        }
        return events;
    }

    /** Locked: the other destination may be recording its own outcome on the same row right now. */
    private OutboxEvent event(Claimed delivery) {
        return em.find(OutboxEvent.class, delivery.id(), LockModeType.PESSIMISTIC_WRITE);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
