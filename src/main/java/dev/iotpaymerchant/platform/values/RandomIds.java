package dev.iotpaymerchant.platform.values;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Identifiers that cannot be found by guessing: a prefix and 20 characters of [A-Za-z0-9_-]
 * carrying 120 random bits (orders "MO…", checkouts "CO…").
 */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String next(String prefix) {
        byte[] random = new byte[15]; // 15 bytes are exactly 20 base64 characters
        RANDOM.nextBytes(random);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
