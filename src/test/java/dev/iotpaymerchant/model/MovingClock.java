package dev.iotpaymerchant.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in the model tests: the machine's time plus however far the test moved it, so the
 * database's time (which the sweeps read, plus the same offset) and the application's agree as in production.
 */
final class MovingClock extends Clock {

    private Duration ahead = Duration.ZERO;

    void move(Duration by) {
        ahead = ahead.plus(by);
    }

    /**
     * The node's monotonic time ({@code System.nanoTime()}) plus however far the test moved the clock: time that
     * passes in the model passes for a lease too, so a node that stalls outlives its claims as it would in production.
     */
    long monotonicNanos() {
        return System.nanoTime() + ahead.toNanos();
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
