package dev.iotpaymerchant.checkouts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CheckoutClosingTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-07T12:00:00Z");

    /** Checkouts whose tries meet a new attempt {@code appearing} times, then expire the checkout. */
    private static CheckoutClosing closing(int appearing, AtomicInteger tries) {
        CheckoutClosing closing = new CheckoutClosing();
        closing.checkouts = new Checkouts() {
            @Override
            public boolean expireIfDue(String checkoutId, OffsetDateTime now) {
                if (tries.incrementAndGet() <= appearing) {
                    throw new AttemptAppeared(checkoutId);
                }
                return true;
            }
        };
        return closing;
    }

    @Test
    void aCloserThatMetANewAttemptStartsOverAndLocksItToo() {
        AtomicInteger tries = new AtomicInteger();
        assertTrue(closing(3, tries).expireIfDue("COabcdefghijklmnopqrst", NOW));
        assertEquals(4, tries.get(), "three tries rolled back, the fourth closed it");
    }

    @Test
    void aCloserGivesUpAfterItsTriesWithNothingChanged() {
        AtomicInteger tries = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> closing(Integer.MAX_VALUE, tries).expireIfDue("COabcdefghijklmnopqrst", NOW));
        assertEquals(CheckoutClosing.TRIES, tries.get());
    }
}
