package dev.iotpaymerchant.platform.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class LeaseTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-01T10:00:00Z");
    /** The node's monotonic time at the claim: any value, only differences count. */
    private static final long T0 = 987_654_321_000L;
    private static final WorkClock.Reading CLAIMED = new WorkClock.Reading(NOW, T0);
    private static final Duration EACH = Duration.ofSeconds(25);

    private static long after(Duration elapsed) {
        return T0 + elapsed.toNanos();
    }

    @Test
    void aLeaseCoversEveryPieceOfWorkItWasTakenFor() {
        Lease lease = Lease.covering(CLAIMED, 25, EACH);
        assertEquals(NOW.plus(Lease.START).plus(EACH.multipliedBy(25)), lease.ends());
        // Started a little after the claim, then worked one after another, each taking its whole
        // deadline: the last still fits inside the lease.
        assertTrue(lease.leavesRoomFor(after(Duration.ofSeconds(3).plus(EACH.multipliedBy(24))), EACH));
        assertTrue(Lease.covering(CLAIMED, 1, EACH).leavesRoomFor(after(Duration.ofMillis(50)), EACH),
                "the first piece always fits, started just after the claim");
    }

    @Test
    void noPieceOfWorkStartsThatWouldRunPastTheLease() {
        Lease lease = Lease.covering(CLAIMED, 2, EACH);
        assertFalse(lease.leavesRoomFor(after(Lease.START.plus(EACH).plusSeconds(1)), EACH), "a stall ate into the lease");
        assertFalse(lease.leavesRoomFor(after(lease.length()), Duration.ofMillis(1)));
    }

    @Test
    void whatIsLeftOfTheLeaseIsMeasuredOnTheNodesMonotonicClockNotAgainstTheDatabasesTime() {
        // The database's time says nothing about how long this node has worked: a node whose wall
        // clock is 30 s ahead of the database's still has its whole lease right after the claim.
        Lease lease = Lease.covering(new WorkClock.Reading(NOW.minusSeconds(30), T0), 1, EACH);
        assertTrue(lease.leavesRoomFor(after(Duration.ofMillis(10)), EACH));
        assertEquals(NOW.minusSeconds(30).plusSeconds(2), lease.databaseTime(after(Duration.ofSeconds(2))),
                "the database's time now, reckoned from the claim's reading without a query");
    }

    @Test
    void anEmptyClaimStillHasALeaseOfOnePiece() {
        assertEquals(NOW.plus(Lease.START).plus(EACH), Lease.covering(CLAIMED, 0, EACH).ends());
    }

    @Test
    void everyClaimHasItsOwnToken() {
        assertNotEquals(Lease.covering(CLAIMED, 1, EACH).token(), Lease.covering(CLAIMED, 1, EACH).token());
        assertEquals(32, Lease.covering(CLAIMED, 1, EACH).token().length());
    }
}
