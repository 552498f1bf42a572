package dev.iotpaymerchant.checkouts.control;

import java.security.SecureRandom;
import java.util.Base64;

/** Checkout ids: "CO" and 20 characters of [A-Za-z0-9_-] carrying 120 random bits: not found by guessing. */
public final class CheckoutNumbers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CheckoutNumbers() {
    }

    public static String next() {
        byte[] random = new byte[15]; // 15 bytes are exactly 20 base64 characters
        RANDOM.nextBytes(random);
        return "CO" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static boolean isWellFormed(String candidate) {
        return candidate != null && candidate.matches("CO[A-Za-z0-9_-]{20}");
    }
}
