package dev.iotpaymerchant.refunds.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.values.Instants;
import dev.iotpaymerchant.refunds.entity.Refund;

/** How a refund looks from outside, in the API and as the data of refund events and webhooks. */
public final class RefundView {

    private RefundView() {
    }

    public static JsonObject of(Refund refund) {
        JsonObjectBuilder json = Jsons.object()
                .add("refundNo", refund.getRefundNo())
                .add("mchOrderNo", refund.getMchOrderNo())
                .add("amount", refund.getAmount())
                .add("currency", refund.getCurrency())
                .add("status", refund.getStatus().name());
        if (refund.getRefundOrderId() != null) {
            json.add("refundOrderId", refund.getRefundOrderId());
        } else {
            json.addNull("refundOrderId");
        }
        if (refund.getReason() != null) {
            json.add("reason", refund.getReason());
        }
        if (refund.getStatusReason() != null) {
            json.add("statusReason", refund.getStatusReason());
        }
        json.add("createdAt", Instants.text(refund.getCreatedAt()));
        if (refund.getSucceededAt() != null) {
            json.add("succeededAt", Instants.text(refund.getSucceededAt()));
        }
        return json.build();
    }

    /**
     * The data of refund.over_refunded: the refund, with what the order was paid, what its refunds
     * add up to now, and the difference (all in minor units of the refund's currency).
     */
    public static JsonObject overRefunded(Refund refund, long orderAmount, long orderRefundedAmount) {
        JsonObjectBuilder json = Jsons.object();
        of(refund).forEach(json::add);
        return json
                .add("orderAmount", orderAmount)
                .add("orderRefundedAmount", orderRefundedAmount)
                .add("overRefunded", orderRefundedAmount - orderAmount)
                .build();
    }
}
