package dev.iotpaymerchant.orders.control;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.orders.entity.IdempotencyKey;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * The sweep's claims: which orders are due for a question to IOTPay, and when each is asked again.
 * Due means an unsettled order, or a closed or failed one still watched for a late payment.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DueOrders {

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Settings settings;

    /**
     * Claims up to {@code limit} orders whose check is due, oldest due first, and moves their next
     * check into the future, all in one short transaction. {@code FOR UPDATE SKIP LOCKED} lets any
     * number of nodes claim at once without waiting on or taking each other's rows. A watched order
     * whose watch is over stops being due and is not returned.
     */
    public List<String> claim(int limit) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<?> ids = em.createNativeQuery("SELECT id FROM payment_order WHERE next_check_at <= ?"
                        + " ORDER BY next_check_at, id LIMIT ? FOR UPDATE SKIP LOCKED")
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
        List<String> claimed = new ArrayList<>();
        for (Object id : ids) {
            PaymentOrder order = em.find(PaymentOrder.class, ((Number) id).longValue());
            if (order.watchIsOverAt(now)) {
                order.stopChecking();
                continue;
            }
            order.claimedForCheck(nextCheck(order, now));
            claimed.add(order.getMchOrderNo());
        }
        return claimed;
    }

    /** Removes idempotency keys past their retention. */
    public int purgeIdempotencyKeys() {
        return em.createNamedQuery(IdempotencyKey.EXPIRED)
                .setParameter("cutoff", OffsetDateTime.now(clock).minus(settings.idempotencyRetention()))
                .executeUpdate();
    }

    /**
     * Back off while IOTPay has nothing new, but always look again when the order is due to expire,
     * and once more when its late-payment watch ends.
     */
    private OffsetDateTime nextCheck(PaymentOrder order, OffsetDateTime now) {
        long base = settings.reconcileInterval().toSeconds();
        long backoff = Math.min(base << Math.min(order.getCheckAttempts(), 10), MAX_BACKOFF.toSeconds());
        OffsetDateTime next = now.plusSeconds(Math.max(backoff, base));
        OffsetDateTime deadline = order.isWatchedForLatePayment() ? order.getWatchUntil()
                : order.getCreatedAt().plus(settings.expireAfter());
        return deadline.isAfter(now) && deadline.isBefore(next) ? deadline : next;
    }
}
