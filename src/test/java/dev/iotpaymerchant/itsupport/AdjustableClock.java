package dev.iotpaymerchant.itsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

/**
 * Test-only: the application's clock, which tests move forward (or hold still) instead of sleeping
 * until something is due. It replaces the production clock producer in the test deployments.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class AdjustableClock {

    private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(Duration.ZERO);
    private static final AtomicReference<Instant> FROZEN = new AtomicReference<>();

    @Produces
    public Clock clock() {
        return new Adjusted();
    }

    public static void advance(Duration by) {
        OFFSET.accumulateAndGet(by, Duration::plus);
        Instant frozen = FROZEN.get();
        if (frozen != null) {
            FROZEN.set(frozen.plus(by));
        }
    }

    /** Holds time still at the current instant (e.g. within one minute), until {@link #thaw}. */
    public static void freeze() {
        FROZEN.set(now());
    }

    /** Lets time run again from where it would be had it never stopped: it only ever moves forward. */
    public static void thaw() {
        FROZEN.set(null);
    }

    static Instant now() {
        Instant frozen = FROZEN.get();
        return frozen != null ? frozen : Instant.now().plus(OFFSET.get());
    }

    private static final class Adjusted extends Clock {

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now();
        }
    }
}
