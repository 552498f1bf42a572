package dev.iotpaymerchant.idempotency.control;

/**
 * A request's hold on an Idempotency-Key: the key as stored and the token its claim wrote. Whoever
 * names an order or refund on the key, or stores its answer, shows the token; once a retry has
 * taken the key over, the old token matches nothing ({@link IdempotencyKeys#attach}).
 */
public record KeyClaim(String key, String token) {
}
