package dev.iotpaymerchant.fulfilment.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** After the n-th failed attempt the n-th wait of the schedule applies; after the last, the event FAILED. */
class RetryScheduleTest {

    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void eachFailedAttemptWaitsItsTurnInTheSchedule() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), Deliveries.retryAfter(1, SCHEDULE));
        assertEquals(Optional.of(Duration.ofSeconds(60)), Deliveries.retryAfter(2, SCHEDULE));
    }

    @Test
    void afterOneAttemptMoreThanTheScheduleHasWaitsThereIsNoRetry() {
        assertEquals(Optional.empty(), Deliveries.retryAfter(3, SCHEDULE));
    }
}
