package dev.iotpaymerchant.orders.control;

import dev.iotpaymerchant.orders.entity.EventType;
import dev.iotpaymerchant.orders.entity.PaymentOrder;

/**
 * Where a transition's event is written, in the transaction of the transition itself, so an event
 * exists if and only if the transition committed. Delivery is someone else's job (the fulfilment
 * component implements this): orders never calls an observer or a webhook.
 */
public interface Outbox {

    /** Records that {@code order} just made the transition {@code type} announces; joins the caller's transaction. */
    void append(EventType type, PaymentOrder order);
}
