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

import dev.iotpaymerchant.platform.work.SystemClock;

/**
 * Test-only: the application's clock, which tests move forward (or hold still) instead of sleeping
 * until something is due. It replaces the production clock producer in the test deployments.
 *
 * <p>{@code IT_CLOCK_SKEW_SECONDS} (environment) stands in for a machine whose clock is wrong: it
 * moves both this clock and the machine's ({@link SystemClock}), as a wrong system clock would, so
 * the work clock (the database's time plus what the tests moved) does not follow it.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class AdjustableClock {

    private static final Duration SKEW = Duration.ofSeconds(Long.parseLong(
            System.getenv().getOrDefault("IT_CLOCK_SKEW_SECONDS", "0")));
    private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(Duration.ZERO);
    private static final AtomicReference<Instant> FROZEN = new AtomicReference<>();

    @Produces
    public Clock clock() {
        return new Adjusted();
    }

    /** The machine's clock, wrong by the skew if one is given. */
    @Produces
    @SystemClock
    public Clock systemClock() {
        return Clock.offset(Clock.systemUTC(), SKEW);
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
        return frozen != null ? frozen : Instant.now().plus(SKEW).plus(OFFSET.get());
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
