package dev.iotpaymerchant.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The one limiter behind every rate limit and log budget: per key, per window, with bounded memory. */
class FixedWindowLimiterTest {

    private static final long MINUTE = 60_000;
    private final FixedWindowLimiter limiter = new FixedWindowLimiter(Duration.ofMinutes(1), 3);

    @Test
    void eachKeyGetsTheLimitInEachWindowAndIsToldWhenTheNextOneStarts() {
        long start = 10 * MINUTE;
        assertTrue(limiter.take("ann", 2, start).allowed());
        assertTrue(limiter.take("ann", 2, start + 1).allowed());
        FixedWindowLimiter.Taken refused = limiter.take("ann", 2, start + 15_500);
        assertFalse(refused.allowed());
        assertEquals(45, refused.retryAfterSeconds(), "44.5 s to the next window, rounded up");
        assertTrue(limiter.take("bob", 2, start + 15_500).allowed(), "another key is not limited by ann");
        assertTrue(limiter.take("ann", 2, start + MINUTE).allowed(), "a new window");
    }

    @Test
    void aRefusalIsNotCountedSoTheRetryAfterHolds() {
        long start = 20 * MINUTE;
        limiter.take("ann", 1, start);
        for (int i = 0; i < 100; i++) {
            assertFalse(limiter.take("ann", 1, start + i).allowed());
        }
        assertTrue(limiter.take("ann", 1, start + MINUTE).allowed());
    }

    @Test
    void pastWindowsAreForgottenOnceTheKeysAreManyAndAFloodOfNewKeysSharesOneWindow() {
        long start = 30 * MINUTE;
        limiter.take("a", 5, start);
        limiter.take("b", 5, start);
        limiter.take("c", 5, start);
        assertEquals(3, limiter.keys());
        assertTrue(limiter.take("d", 5, start + MINUTE).allowed());
        assertEquals(1, limiter.keys(), "a, b and c belonged to a past window");

        long next = start + MINUTE;
        limiter.take("e", 5, next);
        limiter.take("f", 5, next);
        for (int i = 0; i < 1000; i++) {
            limiter.take("fresh-" + i, 5, next);
        }
        assertEquals(4, limiter.keys(), "d, e, f and the overflow window: no more, whatever the flood");
        assertFalse(limiter.take("fresh-1000", 5, next).allowed(), "the flood's new keys share the overflow's limit");
        assertTrue(limiter.take("e", 5, next).allowed(), "keys counted before the flood keep their own window");
    }
}
