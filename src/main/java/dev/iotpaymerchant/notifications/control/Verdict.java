package dev.iotpaymerchant.notifications.control;

import dev.iotpaymerchant.notifications.entity.NotificationOutcome;

/**
 * The outcome of one notification and, when it was not a plain payment, why (safe to log and to
 * show: no secrets). {@code recorded} is false when the refusal was not written to the log
 * because this node's budget for refused notifications was spent.
 */
public record Verdict(NotificationOutcome outcome, String reason, boolean recorded) {

    static Verdict of(NotificationOutcome outcome, String reason) {
        return new Verdict(outcome, reason, true);
    }

    Verdict unrecorded() {
        return new Verdict(outcome, reason, false);
    }
}
