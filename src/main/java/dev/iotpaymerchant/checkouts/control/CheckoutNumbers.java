package dev.iotpaymerchant.checkouts.control;

import dev.iotpaymerchant.platform.values.RandomIds;

/** Checkout ids: "CO" and 20 characters of [A-Za-z0-9_-] carrying 120 random bits: not found by guessing. */
public final class CheckoutNumbers {

    private CheckoutNumbers() {
    }

    public static String next() {
        return RandomIds.next("CO");
    }

    public static boolean isWellFormed(String candidate) {
        return candidate != null && candidate.matches("CO[A-Za-z0-9_-]{20}");
    }
}
