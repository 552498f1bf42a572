package dev.iotpaymerchant.orders.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import dev.iotpaymerchant.orders.entity.PaymentOrder;

/** How an order looks to apps. Amounts are integer minor units with their currency. */
final class OrderJson {

    private OrderJson() {
    }

    static JsonObjectBuilder of(PaymentOrder order) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("mchOrderNo", order.getMchOrderNo());
        if (order.getPayOrderId() != null) {
            json.add("payOrderId", order.getPayOrderId());
        } else {
            json.addNull("payOrderId");
        }
        json.add("channelId", order.getChannel().name())
                .add("amount", order.getAmount())
                .add("currency", order.getCurrency())
                .add("status", order.getStatus().name())
                .add("createdAt", order.getCreatedAt().toString());
        if (order.getPaidAt() != null) {
            json.add("paidAt", order.getPaidAt().toString());
        }
        return json;
    }
}
