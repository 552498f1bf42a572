package dev.iotpaymerchant.orders.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.orders.entity.PaymentApplied;
import dev.iotpaymerchant.orders.entity.PaymentOrder;

/**
 * Stores orders. Each public method is one short transaction; none of them waits on IOTPay.
 */
@Stateless
public class PaymentOrders {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    public PaymentOrder register(NewOrder request) {
        PaymentOrder order = new PaymentOrder(OrderNumbers.next(), request.channel(), request.amount(),
                request.currency(), request.subject(), request.body(), request.param1(), request.param2(),
                request.osType(), request.clientIp(), now());
        em.persist(order);
        return order;
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
