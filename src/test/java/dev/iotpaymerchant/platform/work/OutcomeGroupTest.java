package dev.iotpaymerchant.platform.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Outcomes recorded in small groups: bounded by count and by time. */
class OutcomeGroupTest {

    private static final Duration DELAY = Duration.ofMillis(20);

    private final List<List<String>> recorded = new ArrayList<>();
    /** The tasks handed to the fake scheduler, run by the test when "their time is up". */
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Future<?>> timers = new ArrayList<>();

    private OutcomeGroup<String> group(int maxCount) {
        return new OutcomeGroup<>(maxCount, DELAY, (delay, task) -> {
            assertEquals(DELAY, delay);
            scheduled.add(task);
            CompletableFuture<Void> timer = new CompletableFuture<>();
            timers.add(timer);
            return timer;
        }, outcomes -> recorded.add(outcomes));
    }

    @Test
    void aFullGroupIsRecordedAtOnceInOneGo() {
        OutcomeGroup<String> group = group(3);
        group.add("a");
        group.add("b");
        assertTrue(recorded.isEmpty());
        group.add("c");
        assertEquals(List.of(List.of("a", "b", "c")), recorded);
        assertTrue(timers.get(0).isCancelled(), "the group's timer is not needed any more");
    }

    @Test
    void anOutcomeIsRecordedWhenItsTimeIsUpEvenIfTheWorkerIsStuckInTheNextPiece() {
        OutcomeGroup<String> group = group(25);
        group.add("a");
        group.add("b");
        assertEquals(1, scheduled.size(), "one timer per group, from its first outcome");
        scheduled.get(0).run(); // 20 ms later, on the recorder's thread, while the worker is still busy
        assertEquals(List.of(List.of("a", "b")), recorded);
        group.add("c");
        assertEquals(2, scheduled.size(), "the next group has its own timer");
        group.close();
        assertEquals(List.of(List.of("a", "b"), List.of("c")), recorded, "the rest when the claim is done");
    }

    @Test
    void closingRecordsTheRestAndNothingTwice() {
        OutcomeGroup<String> group = group(25);
        group.add("a");
        group.close();
        scheduled.get(0).run(); // a timer that fires after all: nothing left
        group.close();
        assertEquals(List.of(List.of("a")), recorded);
    }

    @Test
    void withoutAThreadToRecordOnTimeEachOutcomeIsRecordedAtOnce() {
        OutcomeGroup<String> group = new OutcomeGroup<>(25, DELAY, (delay, task) -> {
            throw new IllegalStateException("no thread");
        }, outcomes -> recorded.add(outcomes));
        group.add("a");
        group.add("b");
        assertEquals(List.of(List.of("a"), List.of("b")), recorded);
    }
}
