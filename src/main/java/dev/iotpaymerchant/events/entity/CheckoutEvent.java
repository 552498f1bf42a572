package dev.iotpaymerchant.events.entity;

import java.util.Map;

/**
 * What happened to a checkout: the merchant's own order ({@link #reference()}) and what it set
 * ({@link #amount()}, {@link #metadata()}) travel with every one of these, so fulfilment never needs
 * an amount it did not set. {@link #mchOrderNo()} is the attempt concerned, when there is one.
 */
public sealed interface CheckoutEvent extends PaymentEvent
        permits CheckoutPaid, CheckoutExpired, CheckoutCancelled, CheckoutOverpaid {

    String checkoutId();

    /** The merchant's own order id, as given when the checkout was created (may be null). */
    String reference();

    /** The price the merchant set, in minor units of {@link #currency()}. */
    long amount();

    String currency();

    /** The merchant's own keys and values, as given when the checkout was created. */
    Map<String, String> metadata();
}
