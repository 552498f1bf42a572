package dev.iotpaymerchant.audit.control;

/**
 * One violation the self-audit found: which invariant, what it is about (an order or refund number,
 * an event id and destination, a checkout id, a key), the order whose story shows it (if any), and
 * what is wrong, in words for an operator.
 */
public record Finding(Invariant invariant, String subject, String mchOrderNo, String detail) {
}
