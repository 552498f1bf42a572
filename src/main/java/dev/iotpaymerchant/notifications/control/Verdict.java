package dev.iotpaymerchant.notifications.control;

import dev.iotpaymerchant.notifications.entity.NotificationOutcome;

/**
 * The outcome of one notification and, when it was not a plain payment, why (safe to log and to
 * show: no secrets). {@code recorded} is false when the refusal was not written to the log
 * because this node's budget for refused notifications was spent. {@code previousKey} is true when
 * it verified only with the previous merchant key ({@code iotpay.mch-key-previous}), during a
 * rotation: it was judged like any other, and is counted so operators see when that key goes quiet.
 */
public record Verdict(NotificationOutcome outcome, String reason, boolean recorded, boolean previousKey) {

    static Verdict of(NotificationOutcome outcome, String reason) {
        return new Verdict(outcome, reason, true, false);
    }

    Verdict unrecorded() {
        return new Verdict(outcome, reason, false, previousKey);
    }

    Verdict signedWithPreviousKey() {
        return new Verdict(outcome, reason, recorded, true);
    }
}
