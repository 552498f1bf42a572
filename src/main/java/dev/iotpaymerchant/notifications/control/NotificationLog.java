package dev.iotpaymerchant.notifications.control;

import java.time.OffsetDateTime;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.notifications.entity.ReceivedNotification;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.work.Housekeeping;

/**
 * Keeps the notification log bounded in time: at every round of housekeeping, refused and duplicate
 * notifications older than {@code notifications.retention-days} are deleted, in batches, each its
 * own short transaction. Notifications that changed an order are kept as long as the order.
 */
@Stateless
public class NotificationLog {

    static final int BATCH = 1000;
    private static final int MAX_BATCHES = 50;
    private static final Logger LOG = LogFields.logger(NotificationLog.class);

    @PersistenceContext
    EntityManager em;

    @Inject
    NotificationSettings settings;

    @Inject
    NotificationLog self;

    /** Runs outside a transaction, so each batch commits on its own. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void purge(@Observes Housekeeping housekeeping) {
        OffsetDateTime cutoff = housekeeping.at().minus(settings.notificationRetention());
        int purged = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            int deleted = self.purgeBatch(cutoff);
            purged += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        if (purged > 0) {
            int total = purged;
            LOG.info(() -> "Purged " + total + " notification log rows older than " + cutoff);
        }
    }

    /**
     * What reached us for this order, oldest first (never the sign: it is not stored): the first 500
     * (the contract's maxItems), as the console's timeline shows them.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public java.util.List<ReceivedNotification> ofOrder(String mchOrderNo) {
        return em.createNamedQuery(ReceivedNotification.OF_ORDER, ReceivedNotification.class)
                .setParameter("number", mchOrderNo)
                .setMaxResults(500)
                .getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purgeBatch(OffsetDateTime cutoff) {
        return em.createNativeQuery("DELETE FROM received_notification WHERE id IN (SELECT id FROM received_notification"
                        + " WHERE received_at < ? AND outcome NOT IN ('APPLIED', 'PAID_AFTER_CLOSE', 'NEEDS_REVIEW')"
                        + " ORDER BY received_at LIMIT " + BATCH + ")")
                .setParameter(1, cutoff)
                .executeUpdate();
    }
}
