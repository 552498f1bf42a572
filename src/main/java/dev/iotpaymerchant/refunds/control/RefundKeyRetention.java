package dev.iotpaymerchant.refunds.control;

import jakarta.enterprise.context.ApplicationScoped;

import dev.iotpaymerchant.idempotency.control.KeyRetention;

/** A refund's key is kept while the refund is UNKNOWN or PROCESSING: a retry must find that refund. */
@ApplicationScoped
public class RefundKeyRetention implements KeyRetention {

    @Override
    public String unsettled() {
        return "exists (select r from Refund r where r.refundNo = k.mchOrderNo and r.status in ("
                + "dev.iotpaymerchant.refunds.entity.RefundStatus.UNKNOWN, dev.iotpaymerchant.refunds.entity.RefundStatus.PROCESSING))";
    }
}
