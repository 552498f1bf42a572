package dev.iotpaymerchant.platform.work;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void eachFailedTryWaitsItsTurnInTheSchedule() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), Backoff.scheduled(1, SCHEDULE));
        assertEquals(Optional.of(Duration.ofSeconds(60)), Backoff.scheduled(2, SCHEDULE));
    }

    @Test
    void afterOneTryMoreThanTheScheduleHasWaitsThereIsNoRetry() {
        assertEquals(Optional.empty(), Backoff.scheduled(3, SCHEDULE));
        assertEquals(Optional.empty(), Backoff.scheduled(0, SCHEDULE), "no try made: nothing to wait after");
    }

    @Test
    void questionsToIotPayWaitTwiceAsLongEachTimeUpToTheCap() {
        Duration base = Duration.ofSeconds(60);
        Duration cap = Duration.ofMinutes(30);
        assertEquals(base, Backoff.doubling(0, base, cap));
        assertEquals(Duration.ofSeconds(120), Backoff.doubling(1, base, cap));
        assertEquals(Duration.ofSeconds(960), Backoff.doubling(4, base, cap));
        assertEquals(cap, Backoff.doubling(5, base, cap));
        assertEquals(cap, Backoff.doubling(Integer.MAX_VALUE, base, cap), "no overflow however many attempts");
    }

    @Test
    void neverLessThanTheBaseEvenWhenTheCapIsSmaller() {
        assertEquals(Duration.ofSeconds(60), Backoff.doubling(3, Duration.ofSeconds(60), Duration.ofSeconds(10)));
    }
}
