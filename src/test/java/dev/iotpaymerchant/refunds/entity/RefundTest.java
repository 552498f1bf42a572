package dev.iotpaymerchant.refunds.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.values.Money;

/**
 * A refund moves forward, is asked about until it is settled, fails on IOTPay's word or after the
 * settle watch, and records a success IOTPay reports even after it failed.
 */
class RefundTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final Duration WATCH = Duration.ofHours(48);
    /** connect + read timeout: the longest a refund_order call lasts. */
    private static final Duration CALL = Duration.ofSeconds(20);

    private static Refund refund() {
        Refund refund = new Refund("RFtest", "MOtest", new Money(500, "CAD"), null, "ops", NOW);
        refund.getSchedule().checkAt(NOW.plusSeconds(60));
        return refund;
    }

    @Test
    void startsUnknownAndDue() {
        Refund refund = refund();
        assertEquals(RefundStatus.UNKNOWN, refund.getStatus());
        assertNotNull(refund.getSchedule().nextCheckAt());
        assertThrows(IllegalArgumentException.class, () -> new Refund("RF0", "MO", new Money(0, "CAD"), null, null, NOW));
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
        assertNull(refund.getSchedule().nextCheckAt());
        assertEquals("R1", refund.getRefundOrderId());
    }

    @Test
    void aFailedRefundThatIotPayReportsSucceededIsRecordedAsSucceeded() {
        Refund refund = refund();
        assertTrue(refund.failed("refused", NOW));
        assertNull(refund.getSchedule().nextCheckAt(), "IOTPay's word: not asked about any more");
        assertTrue(refund.succeeded("R1", NOW.plusHours(1), NOW.plusHours(2)), "the money went back after all");
        assertEquals(RefundStatus.SUCCEEDED, refund.getStatus());
        assertEquals(NOW.plusHours(1), refund.getSucceededAt());
        assertEquals("R1", refund.getRefundOrderId());
        assertFalse(refund.failed("again", NOW), "SUCCEEDED is final");
        assertFalse(refund.processing("R1", NOW));
    }

    @Test
    void iotPaysReasonAndRefundIdAreStoredAsTextPostgresqlTakes() {
        Refund refund = refund();
        String reason = "no\u0000money " + "x".repeat(252) + "\uD83D\uDE00";
        assertTrue(refund.processing("R\u00001" + "9".repeat(80), NOW));
        assertTrue(refund.failed(reason, NOW));
        assertEquals("no?money " + "x".repeat(246), refund.getStatusReason(), "no NUL, cut at 255, never half a character");
        assertEquals("R?1" + "9".repeat(61), refund.getRefundOrderId());
    }

    @Test
    void onlyAnUnknownRefundBecomesProcessing() {
        Refund refund = refund();
        assertTrue(refund.processing("R1", NOW));
        assertFalse(refund.processing("R1", NOW), "once");
        Refund failed = refund();
        failed.failed("refused", NOW);
        assertFalse(failed.processing("R1", NOW));
        assertEquals(RefundStatus.FAILED, failed.getStatus());
    }

    @Test
    void aRefundIotPayDoesNotKnowStaysUnknownAndReservedUntilTheSettleWatchIsOver() {
        Refund refund = refund();
        assertFalse(refund.unknownAtGateway(NOW.plusMinutes(5), WATCH, CALL));
        assertFalse(refund.unknownAtGateway(NOW.plus(WATCH).minusSeconds(1), WATCH, CALL), "still within the watch");
        assertEquals(RefundStatus.UNKNOWN, refund.getStatus());
        assertNotNull(refund.getSchedule().nextCheckAt(), "asked again");
        assertNull(refund.getStatusReason());

        assertTrue(refund.unknownAtGateway(NOW.plus(WATCH), WATCH, CALL));
        assertEquals(RefundStatus.FAILED, refund.getStatus());
        assertTrue(refund.getStatusReason().contains("no such refund"), refund.getStatusReason());
        assertFalse(refund.unknownAtGateway(NOW.plus(WATCH), WATCH, CALL), "once");
    }

    @Test
    void aRefundIsNeverFailedWhileItsRefundOrderMayStillBeUnderWay() {
        Duration noWatch = Duration.ZERO;
        Refund refund = refund();
        OffsetDateTime lastPossibleAnswer = NOW.plus(Refund.SEND_WINDOW).plus(CALL);
        assertFalse(refund.unknownAtGateway(lastPossibleAnswer.minusNanos(1000), noWatch, CALL),
                "a refund_order started as late as it may be could still be answered");
        assertTrue(refund.mayBeFailed(lastPossibleAnswer, noWatch, CALL));
        assertTrue(refund.unknownAtGateway(lastPossibleAnswer, noWatch, CALL));
    }

    @Test
    void aProcessingRefundTheQueryNoLongerKnowsIsFailedOnceItHasNotKnownItForTheSettleWatch() {
        Refund refund = refund();
        refund.processing("R1", NOW);
        OffsetDateTime firstUnknown = NOW.plusHours(1);
        assertFalse(refund.unknownAtGateway(firstUnknown, WATCH, CALL));
        assertFalse(refund.unknownAtGateway(NOW.plus(WATCH).plusMinutes(30), WATCH, CALL),
                "48 hours after it was stored, but not yet 48 hours unknown");
        assertFalse(refund.mayBeFailed(firstUnknown.plus(WATCH).minusSeconds(1), WATCH, CALL));
        assertEquals(RefundStatus.PROCESSING, refund.getStatus(), "its amount stays reserved");
        assertNotNull(refund.getSchedule().nextCheckAt(), "still asked about");

        assertTrue(refund.unknownAtGateway(firstUnknown.plus(WATCH), WATCH, CALL));
        assertEquals(RefundStatus.FAILED, refund.getStatus());
        assertTrue(refund.getStatusReason().contains("no such refund"), refund.getStatusReason());
        assertTrue(refund.isWatched(), "watched for a late success, as an UNKNOWN one");
        assertEquals(firstUnknown.plus(WATCH).plus(WATCH), refund.getWatchUntil());
        assertFalse(refund.unknownAtGateway(firstUnknown.plus(WATCH), WATCH, CALL), "once");

        assertTrue(refund.succeeded("R1", null, firstUnknown.plus(WATCH).plusHours(5)), "a late success is recorded");
        assertEquals(RefundStatus.SUCCEEDED, refund.getStatus());
    }

    @Test
    void aProcessingRefundTheQueryKnowsAgainStartsItsSettleWatchAfresh() {
        Refund refund = refund();
        refund.processing("R1", NOW);
        assertFalse(refund.unknownAtGateway(NOW.plusHours(1), WATCH, CALL));
        assertFalse(refund.processing("R1", NOW.plusHours(40)), "IOTPay's query knows it again, under way");
        assertFalse(refund.unknownAtGateway(NOW.plusHours(41), WATCH, CALL));
        assertFalse(refund.unknownAtGateway(NOW.plusHours(1).plus(WATCH), WATCH, CALL),
                "unknown for 48 hours only counting from when it stopped knowing it again");
        assertTrue(refund.unknownAtGateway(NOW.plusHours(41).plus(WATCH), WATCH, CALL));
    }

    @Test
    void aRefundFailedForWantOfAnAnswerIsStillAskedAboutUntilItsWatchEnds() {
        Refund refund = refund();
        OffsetDateTime failedAt = NOW.plus(WATCH);
        refund.getSchedule().claimed(failedAt.plusMinutes(30));
        assertTrue(refund.unknownAtGateway(failedAt, WATCH, CALL));
        assertTrue(refund.isWatched());
        assertEquals(failedAt.plus(WATCH), refund.getWatchUntil());
        assertEquals(failedAt.plusMinutes(30), refund.getSchedule().nextCheckAt(), "the claim's back-off stands");

        refund.lateAnswer(false, null, failedAt.plusHours(1), WATCH);
        assertFalse(refund.unknownAtGateway(failedAt.plusHours(2), WATCH, CALL));
        assertTrue(refund.isWatched(), "the watch is not over");

        refund.lateAnswer(true, "R9", failedAt.plus(WATCH).minusHours(1), WATCH);
        assertEquals(failedAt.plus(WATCH).minusHours(1).plus(WATCH), refund.getWatchUntil(),
                "IOTPay says it is under way: watched for longer");
        assertEquals("R9", refund.getRefundOrderId());

        assertFalse(refund.unknownAtGateway(refund.getWatchUntil(), WATCH, CALL));
        assertFalse(refund.isWatched(), "asked a last time at the end of the watch, then no more");
        assertNull(refund.getSchedule().nextCheckAt());
        assertEquals(RefundStatus.FAILED, refund.getStatus());
    }

    @Test
    void iotPaySayingAWatchedRefundFailedEndsTheWatch() {
        Refund refund = refund();
        refund.unknownAtGateway(NOW.plus(WATCH), WATCH, CALL);
        assertTrue(refund.isWatched());
        assertFalse(refund.failed("IOTPay reports the refund failed", NOW.plus(WATCH).plusHours(1)));
        assertFalse(refund.isWatched());
        assertNull(refund.getSchedule().nextCheckAt());
    }

    @Test
    void aWatchedRefundThatSucceedsIsNoLongerDue() {
        Refund refund = refund();
        refund.unknownAtGateway(NOW.plus(WATCH), WATCH, CALL);
        assertTrue(refund.succeeded("R1", null, NOW.plus(WATCH).plusHours(3)));
        assertEquals(RefundStatus.SUCCEEDED, refund.getStatus());
        assertNull(refund.getSchedule().nextCheckAt());
        assertFalse(refund.isWatched());
    }
}
