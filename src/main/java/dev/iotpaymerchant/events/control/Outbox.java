package dev.iotpaymerchant.events.control;

import jakarta.json.JsonObject;

import dev.iotpaymerchant.events.entity.EventType;

/**
 * Where a transition's event is written, in the transaction of the transition itself, so an event
 * exists if and only if the transition committed. Delivery is someone else's job (the fulfilment
 * component implements this): orders never calls an observer or a webhook.
 */
public interface Outbox {

    /**
     * Records that the transition {@code type} announces just happened to order {@code mchOrderNo},
     * with {@code data} as it is now (the order, or the refund); joins the caller's transaction.
     */
    void append(EventType type, String mchOrderNo, JsonObject data);
}
