package dev.iotpaymerchant.orders.control;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.iotpay.control.QueryOutcome;
import dev.iotpaymerchant.orders.entity.IdempotencyKey;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PaymentApplied;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.control.LogSafe;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * Stores orders and moves them through their state machine. Each public method is one short
 * transaction; none of them waits on IOTPay.
 */
@Stateless
public class PaymentOrders {

    private static final Logger LOG = Logger.getLogger(PaymentOrders.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Settings settings;

    /**
     * Records a new order before IOTPay hears of it, so that whatever happens next it can be found
     * and settled. With an idempotency key, the key learns the order number in the same transaction.
     */
    public PaymentOrder register(NewOrder request, Optional<String> idempotencyKey) {
        OffsetDateTime now = now();
        PaymentOrder order = new PaymentOrder(OrderNumbers.next(), request.channel(), request.amount(),
                request.currency(), request.subject(), request.body(), request.param1(), request.param2(),
                request.osType(), request.clientIp(), now);
        order.firstCheckAt(now.plus(settings.reconcileAfter()));
        em.persist(order);
        idempotencyKey.ifPresent(key -> em.find(IdempotencyKey.class, key).attach(order.getMchOrderNo()));
        return order;
    }

    /**
     * Claims up to {@code limit} unsettled orders whose check is due, oldest first, and moves their
     * next check into the future, all in one short transaction. {@code FOR UPDATE SKIP LOCKED}
     * lets any number of nodes claim at once without waiting on or taking each other's rows.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<String> claimDue(int limit) {
        OffsetDateTime now = now();
        List<?> ids = em.createNativeQuery("SELECT id FROM payment_order"
                        + " WHERE status IN ('UNKNOWN', 'PENDING') AND next_check_at <= ?"
                        + " ORDER BY next_check_at, id LIMIT ? FOR UPDATE SKIP LOCKED")
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
        List<String> claimed = new ArrayList<>();
        for (Object id : ids) {
            PaymentOrder order = em.find(PaymentOrder.class, ((Number) id).longValue());
            order.claimedForCheck(nextCheck(order, now));
            claimed.add(order.getMchOrderNo());
        }
        return claimed;
    }

    /** What a reconciliation did to one order, and the event to publish once it has committed. */
    public record Reconciled(OrderStatus before, OrderStatus after, Optional<Object> event) {

        public boolean changed() {
            return before != after;
        }
    }

    /** Applies IOTPay's answer to {@code query_order} through the same state machine as notifications. */
    public Reconciled reconcile(String mchOrderNo, QueryOutcome answer) {
        PaymentOrder order = locked(mchOrderNo).orElseThrow();
        OrderStatus before = order.getStatus();
        Optional<Object> event = apply(order, answer);
        return new Reconciled(before, order.getStatus(), event);
    }

    private Optional<Object> apply(PaymentOrder order, QueryOutcome answer) {
        String mchOrderNo = order.getMchOrderNo();
        OffsetDateTime now = now();
        boolean expired = order.createdAtOrBefore(now.minus(settings.expireAfter()));
        if (answer instanceof QueryOutcome.Found found) {
            switch (found.state()) {
                case PAID -> {
                    return paidAccordingToIotPay(order, found, now);
                }
                case CLOSED -> order.closed("IOTPay reports the order cancelled or expired", now);
                case OPEN -> {
                    order.accepted(found.payOrderId(), now);
                    if (expired) {
                        order.closed("expired unpaid; IOTPay confirmed it was not paid", now);
                    }
                }
            }
        } else if (answer instanceof QueryOutcome.NotFound) {
            if (order.getStatus() == OrderStatus.UNKNOWN) {
                order.failed("IOTPay has no such order (0112): it was never created there", now);
            } else {
                LOG.warning(() -> "IOTPay says it has no order " + mchOrderNo + ", which it had accepted; left "
                        + order.getStatus() + " for an operator");
            }
        }
        return Optional.empty();
    }

    /** Removes idempotency keys past their retention. */
    public int purgeIdempotencyKeys() {
        return em.createNamedQuery(IdempotencyKey.EXPIRED)
                .setParameter("cutoff", now().minus(settings.idempotencyRetention()))
                .executeUpdate();
    }

    private Optional<Object> paidAccordingToIotPay(PaymentOrder order, QueryOutcome.Found found, OffsetDateTime now) {
        boolean sameIotPayOrder = order.getPayOrderId() == null || found.payOrderId() == null
                || order.getPayOrderId().equals(found.payOrderId());
        if (!order.isPaymentOf(found.amount(), found.currency()) || !sameIotPayOrder) {
            LOG.severe(() -> "IOTPay reports order " + order.getMchOrderNo() + " paid with " + found.amount() + " "
                    + LogSafe.text(found.currency()) + " (" + LogSafe.text(found.payOrderId()) + "), which does not"
                    + " match the order; not marked paid: an operator must look at it");
            return Optional.empty();
        }
        return switch (order.paid(found.payOrderId(), found.channelOrderNo(), found.paidAt(), now)) {
            case PAID -> Optional.of(order.succeededEvent());
            case PAID_AFTER_CLOSE -> Optional.of(order.afterCloseEvent());
            case ALREADY_PAID -> Optional.empty();
        };
    }

    /** Back off while IOTPay has nothing new, but always look again when the order is due to expire. */
    private OffsetDateTime nextCheck(PaymentOrder order, OffsetDateTime now) {
        long base = settings.reconcileInterval().toSeconds();
        long backoff = Math.min(base << Math.min(order.getCheckAttempts(), 10), MAX_BACKOFF.toSeconds());
        OffsetDateTime next = now.plusSeconds(Math.max(backoff, base));
        OffsetDateTime expiry = order.getCreatedAt().plus(settings.expireAfter());
        return expiry.isAfter(now) && expiry.isBefore(next) ? expiry : next;
    }

    public Optional<PaymentOrder> find(String mchOrderNo) {
        if (!OrderNumbers.isWellFormed(mchOrderNo)) {
            return Optional.empty();
        }
        return first(em.createNamedQuery(PaymentOrder.BY_NUMBER, PaymentOrder.class)
                .setParameter("number", mchOrderNo)
                .getResultList());
    }

    public PaymentOrder accepted(String mchOrderNo, String payOrderId) {
        PaymentOrder order = locked(mchOrderNo).orElseThrow();
        order.accepted(payOrderId, now());
        return order;
    }

    public PaymentOrder failed(String mchOrderNo, String reason) {
        PaymentOrder order = locked(mchOrderNo).orElseThrow();
        order.failed(reason, now());
        return order;
    }

    /**
     * Applies a verified payment to an order locked by {@link #locked}. The lock makes concurrent
     * duplicates wait and then see PAID; the version column makes the write a compare-and-set even
     * without it. The caller fires the returned event once its transaction has committed.
     */
    public PaymentApplied paid(PaymentOrder lockedOrder, String payOrderId, String channelOrderNo, OffsetDateTime paidAt) {
        PaymentApplied applied = lockedOrder.paid(payOrderId, channelOrderNo, paidAt, now());
        em.flush();
        return applied;
    }

    /** The order, locked for update until the current transaction ends. */
    public Optional<PaymentOrder> locked(String mchOrderNo) {
        if (!OrderNumbers.isWellFormed(mchOrderNo)) {
            return Optional.empty();
        }
        return first(em.createNamedQuery(PaymentOrder.BY_NUMBER, PaymentOrder.class)
                .setParameter("number", mchOrderNo)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static Optional<PaymentOrder> first(List<PaymentOrder> orders) {
        return orders.stream().findFirst();
    }
}
