package dev.iotpaymerchant.orders.control;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.work.Backoff;
import dev.iotpaymerchant.platform.work.CheckSchedule;
import dev.iotpaymerchant.platform.work.DueRows;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;
import dev.iotpaymerchant.platform.work.WorkClock;

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
    WorkClock clock;

    @Inject
    OrderSettings settings;

    @Inject
    IotPaySettings iotpay;

    @Inject
    PlatformSettings platform;

    /**
     * Claims up to {@code limit} orders whose check is due, oldest due first, and moves their next
     * check into the future, all in one short transaction (the shared {@link DueRows} claim). An
     * order whose late-payment watch has ended is still claimed once more: the sweep asks IOTPay
     * one last time, and {@link Reconciliation} then stops watching it. Due is by the database's time.
     */
    public DueWork.Claim<String> claim(int limit) {
        WorkClock.Reading reading = clock.read(em);
        OffsetDateTime now = reading.at();
        List<Long> ids = DueRows.lock(em, "payment_order", "next_check_at", now, limit);
        // Asked one after another, each question within IOTPay's total deadline: no order is due again before then.
        Lease lease = Lease.covering(reading, ids.size(), iotpay.iotpayDeadline());
        List<String> claimed = new ArrayList<>();
        for (long id : ids) {
            PaymentOrder order = em.find(PaymentOrder.class, id);
            OffsetDateTime next = nextCheck(order, now);
            order.getSchedule().claimed(next.isBefore(lease.ends()) ? lease.ends() : next);
            claimed.add(order.getMchOrderNo());
        }
        return new DueWork.Claim<>(claimed, lease);
    }

    /** Gives back claimed orders the sweep did not ask about: due again at once, the claim not counted. */
    public void release(List<String> mchOrderNos, OffsetDateTime now) {
        for (String mchOrderNo : mchOrderNos) {
            em.createNamedQuery(PaymentOrder.BY_NUMBER, PaymentOrder.class).setParameter("number", mchOrderNo)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE) // a notification may be settling it right now
                    .getResultStream().findFirst().ifPresent(order -> order.getSchedule().released(now));
        }
    }

    /**
     * Back off while IOTPay has nothing new, but always look again when the order is due to expire,
     * and once more when its late-payment watch ends.
     */
    private OffsetDateTime nextCheck(PaymentOrder order, OffsetDateTime now) {
        CheckSchedule schedule = order.getSchedule();
        OffsetDateTime next = now.plus(Backoff.doubling(schedule.checkAttempts(), platform.reconcileInterval(), MAX_BACKOFF));
        OffsetDateTime deadline = schedule.isWatching() ? schedule.watchUntil()
                : order.expiresAt(settings.expireAfter());
        return deadline.isAfter(now) && deadline.isBefore(next) ? deadline : next;
    }
}
