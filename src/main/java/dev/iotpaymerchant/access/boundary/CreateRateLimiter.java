package dev.iotpaymerchant.access.boundary;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.access.control.AccessSettings;
import dev.iotpaymerchant.platform.boundary.ProblemException;

/**
 * {@code orders.create-rate-per-minute} per caller and node, in fixed one-minute windows. Each
 * order costs a row, a request thread while IOTPay answers and several queries over its life, so
 * the limit is checked before anything is written or sent. Per node: with N nodes behind a load
 * balancer a caller gets up to N times the limit.
 */
@ApplicationScoped
public class CreateRateLimiter {

    private static final int FORGET_AFTER = 10_000;

    @Inject
    Clock clock;

    @Inject
    AccessSettings settings;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, int used) {
    }

    /** Counts one order for {@code key}, or refuses it with 429 and when to retry. */
    public void take(String key) {
        long now = clock.millis();
        long minute = now / 60_000;
        int limit = settings.createRatePerMinute();
        Window window = windows.compute(key, (k, w) -> w == null || w.minute != minute
                ? new Window(minute, 1) : new Window(minute, w.used + 1));
        if (windows.size() > FORGET_AFTER) {
            windows.values().removeIf(w -> w.minute < minute);
        }
        if (window.used > limit) {
            long retryAfter = Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000);
            throw new ProblemException(429, "rate-limited", "Too many orders",
                    "At most " + limit + " orders a minute may be created by one caller; retry in " + retryAfter + " s.")
                    .header("Retry-After", Long.toString(retryAfter));
        }
    }
}
