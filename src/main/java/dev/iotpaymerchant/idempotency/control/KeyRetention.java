package dev.iotpaymerchant.idempotency.control;

/**
 * A component whose requests store something an Idempotency-Key names (an order, a refund) says
 * while that thing is unsettled, so that its key outlives the retention: a retry of a request
 * whose answer was "outcome unknown" must find what it stored, never make a second one. The
 * idempotency component knows no other component; each one that stores things contributes this.
 */
public interface KeyRetention {

    /**
     * A JPQL condition on the key {@code k}, true while what {@code k.mchOrderNo} names is not
     * settled, e.g. {@code exists (select o from PaymentOrder o where o.mchOrderNo = k.mchOrderNo
     * and o.status in (…))}.
     */
    String unsettled();
}
