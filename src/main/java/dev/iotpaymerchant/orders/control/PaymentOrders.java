package dev.iotpaymerchant.orders.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.events.control.Outbox;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.orders.entity.OrderDetails;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PaymentApplied;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.orders.entity.ReportedPayment;
import dev.iotpaymerchant.platform.values.MchOrderNo;
import dev.iotpaymerchant.platform.values.Money;

/**
 * Stores orders and moves them through their state machine. Each public method is one short
 * transaction (or joins the caller's); none of them waits on IOTPay. Every transition's event is
 * written to the outbox before the transaction commits, by {@link #announce}.
 */
@Stateless
public class PaymentOrders {

    /** The named native query in META-INF/orm.xml that {@link #lockedFirst} runs. */
    static final String LOCK_BY_NUMBER = "PaymentOrder.lockByNumber";

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    OrderSettings settings;

    @Inject
    Outbox outbox;

    @Inject
    IdempotencyKeys keys;

    @Inject
    @Any
    Instance<OrderWatcher> watchers;

    private List<OrderWatcher> resolvedWatchers;
    /**
     * Records a new order before IOTPay hears of it, so that whatever happens next it can be found
     * and settled. {@code owner} is the caller's token subject. With an idempotency key, the key
     * learns the order number in the same transaction, or, if a retry took the key over, nothing
     * is stored ({@link dev.iotpaymerchant.idempotency.control.ClaimLost}).
     */
    public PaymentOrder register(NewOrder request, Optional<String> owner, Optional<KeyClaim> idempotencyKey) {
        return register(request, owner, idempotencyKey, Optional.empty());
    }

    /** As {@link #register(NewOrder, Optional, Optional)}, for an attempt to pay checkout {@code checkoutId}. */
    public PaymentOrder register(NewOrder request, Optional<String> owner, Optional<KeyClaim> idempotencyKey,
                                 Optional<String> checkoutId) {
        OffsetDateTime now = now();
        PaymentOrder order = new PaymentOrder(OrderNumbers.next(), request.channel(),
                new Money(request.amount(), request.currency()), new OrderDetails(request.subject(), request.body(),
                request.param1(), request.param2(), request.osType(), request.clientIp()), owner.orElse(null), now);
        order.getSchedule().checkAt(now.plus(settings.reconcileAfter()));
        checkoutId.ifPresent(id -> {
            order.pays(id);
            watchers().forEach(watcher -> watcher.registering(order)); // locks the checkout first; may refuse
        });
        em.persist(order);
        idempotencyKey.ifPresent(claim -> keys.attach(claim, order.getMchOrderNo()));
        return order;
    }

    public Optional<PaymentOrder> find(String mchOrderNo) {
        return MchOrderNo.parse(mchOrderNo).flatMap(this::find);
    }

    /** The order with this number, as a resource parsed it from what the caller sent. */
    public Optional<PaymentOrder> find(MchOrderNo number) {
        return first(em.createNamedQuery(PaymentOrder.BY_NUMBER, PaymentOrder.class)
                .setParameter("number", number.value())
                .getResultList());
    }

    /**
     * IOTPay accepted create_order. A transaction of its own, so the order is locked by this
     * transaction's first read, with the query prepared once ({@link #lockedFirst}).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public PaymentOrder accepted(String mchOrderNo, String payOrderId, String nextAction) {
        PaymentOrder order = lockedFirst(mchOrderNo).orElseThrow();
        order.accepted(payOrderId, nextAction, now());
        return announce(order);
    }

    /** IOTPay refused create_order: nothing exists there, so there is nothing to watch. As {@link #accepted}, its own transaction. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public PaymentOrder rejected(String mchOrderNo, String reason) {
        PaymentOrder order = lockedFirst(mchOrderNo).orElseThrow();
        order.failed(reason, now(), null);
        return announce(order);
    }

    /**
     * Applies a verified payment that matches the order, locked by {@link #locked}. The lock makes
     * concurrent duplicates wait and then see PAID; the version column makes the write a
     * compare-and-set even without it. A closed or failed order is PAID_AFTER_CLOSE unless a
     * watcher still wants its money (an attempt whose checkout is OPEN): then it is PAID.
     */
    public PaymentApplied paid(PaymentOrder lockedOrder, String payOrderId, String channelOrderNo, OffsetDateTime paidAt) {
        OrderStatus status = lockedOrder.getStatus();
        // Only a closed or failed order asks: any other is PAID either way, and needs no checkout lock.
        boolean stillWanted = status.whenPaid(false) != status.whenPaid(true)
                && watchers().stream().anyMatch(watcher -> watcher.stillWants(lockedOrder));
        PaymentApplied applied = lockedOrder.paid(payOrderId, channelOrderNo, paidAt, now(), stillWanted);
        announce(lockedOrder);
        em.flush();
        return applied;
    }

    /** A verified payment report that does not match the order, locked by {@link #locked}: a person decides. */
    public boolean needsReview(PaymentOrder lockedOrder, ReportedPayment reported, String reason) {
        boolean moved = lockedOrder.paymentNeedsReview(reported, reason, now());
        announce(lockedOrder);
        em.flush();
        return moved;
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

    /**
     * As {@link #locked}, for a transaction whose first read of this order it is (a notification's,
     * IOTPay's answer to create_order):
     * the lock is taken by the SQL itself, with a query prepared once instead of on every call
     * (about 9 % of a notification's CPU). Not for a transaction that may have read the order
     * before: a native query does not refresh an order the persistence context already holds.
     */
    public Optional<PaymentOrder> lockedFirst(String mchOrderNo) {
        if (!OrderNumbers.isWellFormed(mchOrderNo)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<PaymentOrder> found = em.createNamedQuery(LOCK_BY_NUMBER)
                .setParameter(1, mchOrderNo)
                .getResultList();
        return first(found);
    }

    /** Writes the outbox events of the transitions {@code order} made in this transaction, and tells the watchers. */
    public PaymentOrder announce(PaymentOrder order) {
        order.takeAnnouncements().forEach(type -> {
            outbox.append(type, order.getMchOrderNo(), OrderView.of(order));
            watchers().forEach(watcher -> watcher.announced(order, type));
        });
        return order;
    }

    /**
     * The attempts to pay checkout {@code checkoutId}, locked for update in a fixed order (orders
     * before their checkout, as a notification locks them), oldest first.
     */
    public List<PaymentOrder> lockedAttempts(String checkoutId) {
        return em.createQuery("select o from PaymentOrder o where o.attempt.checkoutId = :checkout order by o.id",
                        PaymentOrder.class)
                .setParameter("checkout", checkoutId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /** How many attempts to pay checkout {@code checkoutId} are stored (committed ones, or this transaction's). */
    public long countAttempts(String checkoutId) {
        return em.createQuery("select count(o) from PaymentOrder o where o.attempt.checkoutId = :checkout", Long.class)
                .setParameter("checkout", checkoutId).getSingleResult();
    }

    /** The attempts to pay checkout {@code checkoutId}, oldest first, for showing. */
    public List<PaymentOrder> attempts(String checkoutId) {
        return em.createQuery("select o from PaymentOrder o where o.attempt.checkoutId = :checkout order by o.id",
                        PaymentOrder.class).setParameter("checkout", checkoutId).setMaxResults(100).getResultList();
    }

    /**
     * Asks the unsettled ones of {@code lockedAttempts} to close now: the sweep asks IOTPay about
     * them at once and closes them unless paid, then watches them for late payments, as every order.
     */
    public void closeUnpaid(List<PaymentOrder> lockedAttempts) {
        OffsetDateTime now = now();
        for (PaymentOrder attempt : lockedAttempts) {
            if (attempt.getStatus() == OrderStatus.UNKNOWN || attempt.getStatus() == OrderStatus.PENDING) {
                attempt.getAttempt().closeNoLaterThan(now);
                attempt.getSchedule().checkAt(now);
            }
        }
    }

    /**
     * The watchers, looked up once per bean instance: iterating the {@code Instance} created a new
     * reference to each (a session bean) on every event, about 7 % of a notification's CPU.
     */
    private List<OrderWatcher> watchers() {
        if (resolvedWatchers == null) {
            resolvedWatchers = watchers.stream().toList();
        }
        return resolvedWatchers;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static Optional<PaymentOrder> first(List<PaymentOrder> orders) {
        return orders.stream().findFirst();
    }
}
