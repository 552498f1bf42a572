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
        assertEquals(NOW.plus(Lease.START).plus(EACH.multipliedBy(25)), lease.ends());
        // Started a little after the claim, then worked one after another, each taking its whole
        // deadline: the last still fits inside the lease.
        OffsetDateTime lastStarts = NOW.plus(Duration.ofSeconds(3)).plus(EACH.multipliedBy(24));
        assertTrue(lease.leavesRoomFor(lastStarts, EACH));
        assertTrue(Lease.covering(NOW, 1, EACH).leavesRoomFor(NOW.plusNanos(50_000_000), EACH),
                "the first piece always fits, started just after the claim");
    }

    @Test
    void noPieceOfWorkStartsThatWouldRunPastTheLease() {
        Lease lease = Lease.covering(NOW, 2, EACH);
        assertFalse(lease.leavesRoomFor(NOW.plus(Lease.START).plus(EACH).plusSeconds(1), EACH), "a stall ate into the lease");
        assertFalse(lease.leavesRoomFor(lease.ends(), Duration.ofMillis(1)));
    }

    @Test
    void anEmptyClaimStillHasALeaseOfOnePiece() {
        assertEquals(NOW.plus(Lease.START).plus(EACH), Lease.covering(NOW, 0, EACH).ends());
    }

    @Test
    void everyClaimHasItsOwnToken() {
        assertNotEquals(Lease.covering(NOW, 1, EACH).token(), Lease.covering(NOW, 1, EACH).token());
        assertEquals(32, Lease.covering(NOW, 1, EACH).token().length());
    }
}
