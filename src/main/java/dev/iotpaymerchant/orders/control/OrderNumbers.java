package dev.iotpaymerchant.orders.control;

import dev.iotpaymerchant.platform.values.MchOrderNo;
import dev.iotpaymerchant.platform.values.RandomIds;

/**
 * Merchant order numbers: "MO" and 20 characters of [A-Za-z0-9_-] (22 in all; IOTPay allows 30)
 * carrying 120 random bits, so an order cannot be found by guessing its number.
 */
public final class OrderNumbers {

    private OrderNumbers() {
    }

    public static String next() {
        return RandomIds.next("MO");
    }

    /** Whether {@code candidate} has an order number's form (the one rule: {@link MchOrderNo}). */
    public static boolean isWellFormed(String candidate) {
        return MchOrderNo.isWellFormed(candidate);
    }
}
