package dev.iotpaymerchant.orders.control;

import jakarta.enterprise.context.ApplicationScoped;

import dev.iotpaymerchant.idempotency.control.KeyRetention;

/** An order's key is kept while the order is UNKNOWN or PENDING: a retry must find that order. */
@ApplicationScoped
public class OrderKeyRetention implements KeyRetention {

    @Override
    public String unsettled() {
        return "exists (select o from PaymentOrder o where o.mchOrderNo = k.mchOrderNo and o.status in ("
                + "dev.iotpaymerchant.orders.entity.OrderStatus.UNKNOWN, dev.iotpaymerchant.orders.entity.OrderStatus.PENDING))";
    }
}
