package dev.iotpaymerchant.orders.control;

import java.util.regex.Pattern;

import dev.iotpaymerchant.platform.values.RandomIds;

/**
 * Merchant order numbers: "MO" and 20 characters of [A-Za-z0-9_-] (22 in all; IOTPay allows 30)
 * carrying 120 random bits, so an order cannot be found by guessing its number.
 */
public final class OrderNumbers {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,30}");

    private OrderNumbers() {
    }

    public static String next() {
        return RandomIds.next("MO");
    }

    public static boolean isWellFormed(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }
}
