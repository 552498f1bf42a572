package dev.iotpaymerchant.fulfilment.control;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.iotpaymerchant.events.control.Outbox;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.fulfilment.entity.OutboxEvent;

/**
 * The outbox as orders and refunds see it: one {@code payment_event} row per transition, in the transition's
 * own transaction (MANDATORY: there is no event without the transition, and no transition without
 * its event). Whether the event goes to a webhook is decided here, by the node that writes it, and
 * stored with it. Once that transaction commits, the dispatcher is woken on another thread, so
 * delivery starts at once and the request that made the transition never waits for it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class PaymentEventOutbox implements Outbox {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    DispatchTrigger trigger;

    @Inject
    FulfilmentSettings settings;

    @Resource
    TransactionSynchronizationRegistry transaction;

    @Override
    public void append(EventType type, String mchOrderNo, JsonObject data) {
        em.persist(new OutboxEvent(newEventId(), type.wireName(), mchOrderNo, data.toString(), OffsetDateTime.now(clock),
                settings.webhooksUrl().isPresent()));
        transaction.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    trigger.soon();
                }
            }
        });
    }

    /** "evt_" and 144 random bits: unique without coordination, and useless to guess. */
    static String newEventId() {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        return "evt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
