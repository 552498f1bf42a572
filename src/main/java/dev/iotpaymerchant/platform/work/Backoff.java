package dev.iotpaymerchant.platform.work;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** When due work is tried again: the two policies every claimer uses, written once. */
public final class Backoff {

    private Backoff() {
    }

    /**
     * Doubling from {@code base} with each attempt already made, never less than {@code base} and
     * never more than {@code max}: for questions to IOTPay that may go on for days.
     */
    public static Duration doubling(int attemptsMade, Duration base, Duration max) {
        long seconds = base.toSeconds();
        long doubled = seconds << Math.min(Math.max(attemptsMade, 0), 20);
        return Duration.ofSeconds(Math.max(seconds, Math.min(doubled, max.toSeconds())));
    }

    /**
     * The wait after try number {@code attempt} (1 for the first) in a fixed schedule; empty when the
     * schedule is used up and the work has failed for good.
     */
    public static Optional<Duration> scheduled(int attempt, List<Duration> schedule) {
        return attempt >= 1 && attempt <= schedule.size() ? Optional.of(schedule.get(attempt - 1)) : Optional.empty();
    }
}
