package dev.iotpaymerchant.orders.entity;

import java.time.OffsetDateTime;

/**
 * Fired exactly once when money arrives for an order we had closed or failed: it must be refunded
 * or fulfilled by a person. Observe it like {@link PaymentSucceeded}.
 */
public record PaymentAfterClose(String mchOrderNo, String payOrderId, PayChannel channel, long amount,
                                String currency, OffsetDateTime paidAt) {
}
