package dev.iotpaymerchant.orders.entity;

import java.time.OffsetDateTime;

/**
 * Fired exactly once per order, when it becomes PAID. Observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to fulfil the purchase only after the
 * payment is committed.
 */
public record PaymentSucceeded(String mchOrderNo, String payOrderId, PayChannel channel, long amount,
                               String currency, OffsetDateTime paidAt) {
}
