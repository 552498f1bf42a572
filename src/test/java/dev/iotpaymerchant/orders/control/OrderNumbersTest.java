package dev.iotpaymerchant.orders.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OrderNumbersTest {

    @Test
    void areShortEnoughForIotPayAndUseOnlySafeCharacters() {
        for (int i = 0; i < 1000; i++) {
            String number = OrderNumbers.next();
            assertEquals(22, number.length());
            assertTrue(number.matches("MO[A-Za-z0-9_-]{20}"), number);
        }
    }

    @Test
    void doNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(OrderNumbers.next()));
        }
    }

    @Test
    void recognisesWellFormedNumbersOnly() {
        assertTrue(OrderNumbers.isWellFormed("MO_abc-123"));
        assertFalse(OrderNumbers.isWellFormed("MO abc"));
        assertFalse(OrderNumbers.isWellFormed("x".repeat(31)));
        assertFalse(OrderNumbers.isWellFormed(""));
        assertFalse(OrderNumbers.isWellFormed(null));
    }
}
