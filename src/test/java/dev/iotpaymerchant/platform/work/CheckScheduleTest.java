package dev.iotpaymerchant.platform.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** When the sweep asks again: claims count and push the next check, a watch keeps a row due until it ends. */
class CheckScheduleTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void aClaimCountsAndPushesTheNextCheckInUtc() {
        CheckSchedule schedule = CheckSchedule.firstAt(NOW);
        schedule.claimed(NOW.plusMinutes(1).withOffsetSameInstant(ZoneOffset.ofHours(8)));
        assertEquals(1, schedule.checkAttempts());
        assertEquals(NOW.plusMinutes(1), schedule.nextCheckAt());
        assertEquals(ZoneOffset.UTC, schedule.nextCheckAt().getOffset());
    }

    @Test
    void aClaimGivenBackUntriedIsDueAtOnceAndNotCounted() {
        CheckSchedule schedule = CheckSchedule.firstAt(NOW);
        schedule.claimed(NOW.plusMinutes(5));
        schedule.released(NOW.plusSeconds(30));
        assertEquals(0, schedule.checkAttempts(), "the question was never asked");
        assertEquals(NOW.plusSeconds(30), schedule.nextCheckAt());
    }

    @Test
    void aRowSettledMeanwhileIsNotMadeDueAgainWhenItsClaimIsGivenBack() {
        CheckSchedule schedule = CheckSchedule.firstAt(NOW);
        schedule.claimed(NOW.plusMinutes(5));
        schedule.stop(); // a notification settled it while it was claimed
        schedule.released(NOW.plusSeconds(30));
        assertNull(schedule.nextCheckAt());
        assertEquals(1, schedule.checkAttempts());
    }

    @Test
    void aWatchKeepsAStoppedRowDueUntilItEnds() {
        CheckSchedule schedule = CheckSchedule.firstAt(NOW);
        schedule.stop();
        assertFalse(schedule.isScheduled());
        schedule.watch(NOW.plusHours(48), NOW.plusMinutes(5));
        assertEquals(NOW.plusMinutes(5), schedule.nextCheckAt(), "due again from then");
        assertTrue(schedule.isWatching());
        assertFalse(schedule.watchIsOverAt(NOW.plusHours(47)));
        assertTrue(schedule.watchIsOverAt(NOW.plusHours(48)));
    }

    @Test
    void aWatchKeepsAPendingCheckAndIsNeverShortened() {
        CheckSchedule schedule = CheckSchedule.firstAt(NOW);
        schedule.watch(NOW.plusHours(48), NOW.plusMinutes(5));
        assertEquals(NOW, schedule.nextCheckAt(), "a check already due stands");
        schedule.extendWatch(NOW.plusHours(10));
        assertEquals(NOW.plusHours(48), schedule.watchUntil());
        schedule.extendWatch(NOW.plusHours(60));
        assertEquals(NOW.plusHours(60), schedule.watchUntil());
    }

    @Test
    void stopKeepsTheWatchOnRecordEndForgetsIt() {
        CheckSchedule stopped = CheckSchedule.firstAt(NOW);
        stopped.watch(NOW.plusHours(48), NOW);
        stopped.stop();
        assertNull(stopped.nextCheckAt());
        assertEquals(NOW.plusHours(48), stopped.watchUntil());

        CheckSchedule ended = CheckSchedule.firstAt(NOW);
        ended.watch(NOW.plusHours(48), NOW);
        ended.end();
        assertNull(ended.nextCheckAt());
        assertFalse(ended.isWatching());
    }

    @Test
    void aWatchWithoutAnEndIsNoWatch() {
        CheckSchedule schedule = CheckSchedule.firstAt(NOW);
        schedule.watch(null, NOW);
        assertFalse(schedule.isScheduled());
        assertFalse(schedule.isWatching());
    }
}
