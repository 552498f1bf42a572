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
     * Told of a new attempt to pay a checkout before it is stored, in the transaction that stores it and
     * before that transaction locks anything else: it may set when the order closes at the latest, or
     * refuse it with an application exception (the transaction rolls back, nothing reaches IOTPay).
     */
    void registering(PaymentOrder order);
}
