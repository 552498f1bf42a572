package dev.iotpaymerchant.orders.control;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Merchant order numbers: "MO" and 20 characters of [A-Za-z0-9_-] (22 in all; IOTPay allows 30)
 * carrying 120 random bits, so an order cannot be found by guessing its number.
 */
public final class OrderNumbers {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private OrderNumbers() {
    }

    public static String next() {
        byte[] random = new byte[15]; // 15 bytes are exactly 20 base64 characters
        RANDOM.nextBytes(random);
        return "MO" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static boolean isWellFormed(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }
}
