package dev.iotpaymerchant.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class LeaseTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-01T10:00:00Z");
    private static final Duration EACH = Duration.ofSeconds(25);

    @Test
    void aLeaseCoversEveryPieceOfWorkItWasTakenFor() {
        Lease lease = Lease.covering(NOW, 25, EACH);
        assertEquals(NOW.plus(Lease.CLAIMING).plus(EACH.multipliedBy(25)), lease.ends());
        // Worked one after another, each taking its whole deadline, the last still starts inside the lease.
        OffsetDateTime lastStarts = NOW.plus(EACH.multipliedBy(24));
        assertTrue(lease.leavesRoomFor(lastStarts, EACH));
    }

    @Test
    void noPieceOfWorkStartsThatWouldRunPastTheLease() {
        Lease lease = Lease.covering(NOW, 2, EACH);
        assertFalse(lease.leavesRoomFor(NOW.plus(Lease.CLAIMING).plus(EACH).plusSeconds(1), EACH), "a stall ate into the lease");
        assertFalse(lease.leavesRoomFor(lease.ends(), Duration.ofMillis(1)));
    }

    @Test
    void theFirstPieceStartsAfterTheClaimIsCommitted() {
        Lease lease = Lease.covering(NOW, 1, EACH);
        assertTrue(lease.leavesRoomFor(NOW.plus(Duration.ofMillis(300)), EACH), "a claim of one piece is worked on, not given back");
    }

    @Test
    void anEmptyClaimStillHasALeaseOfOnePiece() {
        assertEquals(NOW.plus(Lease.CLAIMING).plus(EACH), Lease.covering(NOW, 0, EACH).ends());
    }

    @Test
    void everyClaimHasItsOwnToken() {
        assertNotEquals(Lease.covering(NOW, 1, EACH).token(), Lease.covering(NOW, 1, EACH).token());
        assertEquals(32, Lease.covering(NOW, 1, EACH).token().length());
    }
}
