package dev.iotpaymerchant.platform.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The one due-work loop, with a fake monotonic clock and a fake kind of work. */
class DueWorkTest {

    private static final OffsetDateTime DB_NOW = OffsetDateTime.parse("2026-12-07T12:00:00Z");
    private static final Duration EACH = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    /** A kind of work that records what the loop asked of it; each piece takes {@code takes} on the fake clock. */
    class Recording implements DueWork.Kind<Integer> {

        final List<List<Integer>> batches;
        final Duration takes;
        final List<String> calls = new ArrayList<>();
        final List<String> recordedUnder = new ArrayList<>();
        int claims;

        Recording(List<List<Integer>> batches, Duration takes) {
            this.batches = batches;
            this.takes = takes;
        }

        @Override
        public String name() {
            return "test work";
        }

        @Override
        public DueWork.Claim<Integer> claim(int limit) {
            List<Integer> pieces = claims < batches.size() ? batches.get(claims) : List.of();
            claims++;
            calls.add("claim " + limit);
            return new DueWork.Claim<>(pieces, Lease.covering(new WorkClock.Reading(DB_NOW, nanos.get()), pieces.size(), EACH));
        }

        @Override
        public Duration each() {
            return EACH;
        }

        @Override
        public void work(Integer piece, Lease lease) {
            calls.add("work " + piece);
            recordedUnder.add(lease.token());
            nanos.addAndGet(takes.toNanos());
        }

        @Override
        public void giveBack(List<Integer> untried, Lease lease, OffsetDateTime now) {
            calls.add("give back " + untried + " at +" + Duration.between(DB_NOW, now).toSeconds() + " s");
        }

        @Override
        public void finish(DueWork.Claim<Integer> claim) {
            calls.add("finish");
        }
    }

    private DueWork loop(boolean open) {
        DueWork work = new DueWork();
        work.gate = new WorkGate() {
            @Override
            public boolean open() {
                return open;
            }
        };
        work.nanos = nanos::get;
        return work;
    }

    private static List<Integer> numbers(int from, int count) {
        return IntStream.range(from, from + count).boxed().toList();
    }

    @Test
    void claimsThenWorksEachPieceUnderTheClaimsLeaseAndFinishesTheClaim() {
        Recording kind = new Recording(List.of(List.of(1, 2, 3)), Duration.ofSeconds(1));
        assertEquals(3, loop(true).run(kind));
        assertEquals(List.of("claim " + DueWork.BATCH, "work 1", "work 2", "work 3", "finish"), kind.calls,
                "a short batch ends the run");
        assertEquals(1, kind.recordedUnder.stream().distinct().count(), "every outcome is recorded under the one claim's token");
    }

    @Test
    void whenTheLeaseNoLongerCoversAPieceTheRestIsGivenBackUntriedAndTheRunStops() {
        // A lease for 3 pieces is START + 3 × EACH = 35 s. The first piece stalls for 24 s, the next
        // take 1 s each: the third starts at 25 s (10 s still fit), the fourth would start at 26 s.
        Recording kind = new Recording(List.of(numbers(1, 25), numbers(26, 25)), Duration.ZERO) {
            @Override
            public DueWork.Claim<Integer> claim(int limit) {
                DueWork.Claim<Integer> claim = super.claim(limit);
                return new DueWork.Claim<>(claim.pieces(), Lease.covering(claim.lease().claimed(), 3, EACH));
            }

            @Override
            public void work(Integer piece, Lease lease) {
                super.work(piece, lease);
                nanos.addAndGet(Duration.ofSeconds(piece == 1 ? 24 : 1).toNanos());
            }
        };
        assertEquals(3, loop(true).run(kind));
        assertEquals(List.of("claim 25", "work 1", "work 2", "work 3", "give back " + numbers(4, 22) + " at +26 s", "finish"),
                kind.calls, "given back at the database's time reckoned from the claim; no second claim after a stall");
    }

    @Test
    void aFullBatchIsFollowedByAnotherUpToTheMostBatchesOfARun() {
        List<List<Integer>> batches = new ArrayList<>();
        for (int i = 0; i < DueWork.MAX_BATCHES + 5; i++) {
            batches.add(numbers(i * DueWork.BATCH, DueWork.BATCH));
        }
        Recording kind = new Recording(batches, Duration.ZERO);
        assertEquals(DueWork.BATCH * DueWork.MAX_BATCHES, loop(true).run(kind));
        assertEquals(DueWork.MAX_BATCHES, kind.claims, "the rest waits for the next run");
    }

    @Test
    void aNodeWhoseSettingsAreUnusableClaimsNothing() {
        Recording kind = new Recording(List.of(List.of(1)), Duration.ZERO);
        assertEquals(0, loop(false).run(kind));
        assertTrue(kind.calls.isEmpty(), kind.calls.toString());
    }

    @Test
    void eachKindOfARunHasItsOwnLoop() {
        Recording first = new Recording(List.of(List.of(1)), Duration.ZERO);
        Recording second = new Recording(List.of(List.of(7, 8)), Duration.ZERO);
        assertEquals(3, loop(true).run(List.of(first, second)));
        assertEquals(List.of("claim 25", "work 7", "work 8", "finish"), second.calls);
    }
}
