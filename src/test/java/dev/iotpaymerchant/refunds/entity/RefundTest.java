package dev.iotpaymerchant.refunds.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** A refund moves forward only, and is asked about until it is settled. */
class RefundTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);

    private static Refund refund() {
        return new Refund("RFtest", "MOtest", 500, "CAD", null, "ops", NOW, NOW.plusSeconds(60));
    }

    @Test
    void startsUnknownAndDue() {
        Refund refund = refund();
        assertEquals(RefundStatus.UNKNOWN, refund.getStatus());
        assertNotNull(refund.getNextCheckAt());
        assertThrows(IllegalArgumentException.class, () -> new Refund("RF0", "MO", 0, "CAD", null, null, NOW, NOW));
    }

    @Test
    void processingThenSucceededOnceAndNoLongerDue() {
        Refund refund = refund();
        assertTrue(refund.processing("R1", NOW));
        assertTrue(refund.succeeded("R1", null, NOW));
        assertFalse(refund.succeeded("R1", null, NOW), "once");
        assertFalse(refund.failed("late", NOW), "a succeeded refund never fails");
        assertEquals(RefundStatus.SUCCEEDED, refund.getStatus());
        assertEquals(NOW, refund.getSucceededAt());
        assertNull(refund.getNextCheckAt());
        assertEquals("R1", refund.getRefundOrderId());
    }

    @Test
    void aFailedRefundNeverSucceeds() {
        Refund refund = refund();
        assertTrue(refund.failed("refused", NOW));
        assertFalse(refund.succeeded("R1", NOW, NOW));
        assertEquals(RefundStatus.FAILED, refund.getStatus());
    }
}
