package dev.iotpaymerchant.orders.control;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import dev.iotpaymerchant.orders.entity.PaymentAfterClose;
import dev.iotpaymerchant.orders.entity.PaymentSucceeded;

/**
 * Tells the merchant's own code about payments. Called only after the transaction that applied
 * the payment has committed, so even a plain {@code @Observes} never fulfils an uncommitted
 * payment; the state machine guarantees it is called once per order.
 */
@ApplicationScoped
public class PaymentEvents {

    @Inject
    Event<PaymentSucceeded> succeeded;

    @Inject
    Event<PaymentAfterClose> paidAfterClose;

    /** {@code event} is what a committed transition produced: a {@link PaymentSucceeded}, a {@link PaymentAfterClose}, or nothing. */
    public void publish(Optional<Object> event) {
        event.ifPresent(happened -> {
            if (happened instanceof PaymentSucceeded payment) {
                succeeded.fire(payment);
            } else if (happened instanceof PaymentAfterClose payment) {
                paidAfterClose.fire(payment);
            }
        });
    }
}
