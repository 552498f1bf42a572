package dev.iotpaymerchant.fulfilment.control;

import java.time.Clock;
import java.time.OffsetDateTime;

import jakarta.ejb.ApplicationException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.fulfilment.entity.DeliveryState;
import dev.iotpaymerchant.fulfilment.entity.OutboxEvent;

/**
 * Delivering an event again, on an operator's word: what fulfilment lets others ask of its outbox.
 * Joins the caller's transaction, so the redelivery and the caller's audit entry commit together.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class Redeliveries {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** Whose event was redelivered. */
    public record Redelivered(String eventId, String mchOrderNo) {
    }

    /** Why an event was not redelivered; {@code state} is its delivery's state, when there is one. */
    public record Refusal(Reason reason, String mchOrderNo, DeliveryState state) {

        public enum Reason { NO_SUCH_EVENT, NO_WEBHOOK, NOT_FAILED }
    }

    /** Thrown with the refusal; nothing changed (and the caller's transaction rolls back). */
    @ApplicationException(rollback = true)
    public static class Refused extends RuntimeException {

        private final transient Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.reason().name(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** Sends the event's webhook again from now, with the full retry schedule and the same webhook-id. */
    public Redelivered webhook(String eventId) {
        OutboxEvent event = locked(eventId);
        if (event.getWebhookState() == DeliveryState.SKIPPED) {
            throw new Refused(new Refusal(Refusal.Reason.NO_WEBHOOK, event.getMchOrderNo(), event.getWebhookState()));
        }
        event.webhookRedeliver(OffsetDateTime.now(clock));
        return new Redelivered(eventId, event.getMchOrderNo());
    }

    /**
     * Delivers an event whose delivery to the application's CDI observers FAILED to them again, from
     * now, with the full retry schedule; the observers that took it before are not called again.
     */
    public Redelivered observers(String eventId) {
        OutboxEvent event = locked(eventId);
        if (event.getObserversState() != DeliveryState.FAILED) {
            throw new Refused(new Refusal(Refusal.Reason.NOT_FAILED, event.getMchOrderNo(), event.getObserversState()));
        }
        event.observersRedeliver(OffsetDateTime.now(clock));
        return new Redelivered(eventId, event.getMchOrderNo());
    }

    private OutboxEvent locked(String eventId) {
        return em.createQuery("select e from OutboxEvent e where e.eventId = :eventId", OutboxEvent.class)
                .setParameter("eventId", eventId).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .orElseThrow(() -> new Refused(new Refusal(Refusal.Reason.NO_SUCH_EVENT, null, null)));
    }
}
