package dev.iotpaymerchant.access.boundary;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.access.control.AccessSettings;
import dev.iotpaymerchant.platform.http.FixedWindowLimiter;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * {@code orders.create-rate-per-minute} per caller and node, in fixed one-minute windows. Each
 * order costs a row, a request thread while IOTPay answers and several queries over its life, so
 * the limit is checked before anything is written or sent. Per node: with N nodes behind a load
 * balancer a caller gets up to N times the limit (ADR 0021).
 */
@ApplicationScoped
public class CreateRateLimiter {

    static final int MAX_CALLERS = 10_000;

    @Inject
    Clock clock;

    @Inject
    AccessSettings settings;

    private final FixedWindowLimiter limiter = new FixedWindowLimiter(Duration.ofMinutes(1), MAX_CALLERS);

    /** Counts one order for {@code key}, or refuses it with 429 and when to retry. */
    public void take(String key) {
        int limit = settings.createRatePerMinute();
        FixedWindowLimiter.Taken taken = limiter.take(key, limit, clock.millis());
        if (!taken.allowed()) {
            throw tooMany("Too many orders", "At most " + limit + " orders a minute may be created by one caller",
                    taken.retryAfterSeconds());
        }
    }

    /** The 429 of every per-caller limit: what was exceeded, and when to retry. */
    static ProblemException tooMany(String title, String limit, long retryAfterSeconds) {
        return new ProblemException(429, "rate-limited", title, limit + " on this node; retry in " + retryAfterSeconds + " s.")
                .header("Retry-After", Long.toString(retryAfterSeconds));
    }
}
