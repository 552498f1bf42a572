package dev.iotpaymerchant.orders.control;

import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.orders.entity.PaymentOrder;

/**
 * Told of every transition an order announces, in the transition's own transaction and under the
 * order's row lock, so what it does commits with the transition or not at all. A component that
 * follows orders (checkouts) implements it; orders never imports that component.
 */
public interface OrderWatcher {

    void announced(PaymentOrder order, EventType type);

    /**
     * Whether a payment for {@code order}, which we had closed or failed, is still wanted (it pays
     * something still open), so that the order is PAID rather than PAID_AFTER_CLOSE. Asked under
     * the order's row lock before the payment is applied; a watcher that says yes locks what it
     * decided on, so the answer holds until the transaction ends.
     */
    boolean stillWants(PaymentOrder order);

    /**
     * Told of a new attempt to pay a checkout before it is stored, in the transaction that stores it and
     * before that transaction locks anything else: it may set when the order closes at the latest, or
     * refuse it with an application exception (the transaction rolls back, nothing reaches IOTPay).
     */
    void registering(PaymentOrder order);
}
