package dev.iotpaymerchant.access.boundary;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.access.control.AccessSettings;
import dev.iotpaymerchant.platform.http.FixedWindowLimiter;

/**
 * {@code api.read-rate-per-minute} per caller and node, in the same fixed one-minute windows as
 * {@link CreateRateLimiter} (ADR 0021). Each read costs at least one query, and a long-poll that is
 * answered at once because its {@code known} is stale would otherwise loop as fast as the network allows.
 */
@ApplicationScoped
public class ReadRateLimiter {

    @Inject
    Clock clock;

    @Inject
    AccessSettings settings;

    private final FixedWindowLimiter limiter = new FixedWindowLimiter(Duration.ofMinutes(1), CreateRateLimiter.MAX_CALLERS);

    /** Counts one read for {@code key}, or refuses it with 429 and when to retry. */
    public void take(String key) {
        int limit = settings.readRatePerMinute();
        FixedWindowLimiter.Taken taken = limiter.take(key, limit, clock.millis());
        if (!taken.allowed()) {
            throw CreateRateLimiter.tooMany("Too many requests", "At most " + limit + " reads a minute may be made by one caller",
                    taken.retryAfterSeconds());
        }
    }
}
