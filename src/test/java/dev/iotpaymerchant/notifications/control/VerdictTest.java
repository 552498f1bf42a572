package dev.iotpaymerchant.notifications.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.notifications.entity.NotificationOutcome;

class VerdictTest {

    @Test
    void whatChangedAnOrderIsAlwaysLogged() {
        assertFalse(Verdict.of(NotificationOutcome.APPLIED, null).budgeted());
        assertFalse(Verdict.of(NotificationOutcome.PAID_AFTER_CLOSE, "late").budgeted());
        assertFalse(Verdict.of(NotificationOutcome.NEEDS_REVIEW, "paid 8.01 CAD").budgeted());
    }

    @Test
    void refusalsAndReplaysShareTheMinutesBudget() {
        assertTrue(Verdict.of(NotificationOutcome.BAD_SIGNATURE, "no sign").budgeted());
        assertTrue(Verdict.of(NotificationOutcome.MALFORMED, "twice").budgeted());
        assertTrue(Verdict.replayed(NotificationOutcome.DUPLICATE, null).budgeted());
        assertTrue(Verdict.replayed(NotificationOutcome.NEEDS_REVIEW, "already in review").budgeted());
    }

    @Test
    void anUnrecordedVerdictKeepsWhatItSaid() {
        Verdict unrecorded = Verdict.replayed(NotificationOutcome.DUPLICATE, null).unrecorded();
        assertFalse(unrecorded.recorded());
        assertTrue(unrecorded.replay());
        assertTrue(unrecorded.outcome().acknowledged(), "still answered success");
    }
}
